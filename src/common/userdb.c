/* SPDX-License-Identifier: GPL-2.0-or-later */
/* User and group names for listings, loaded before confinement. */
#include "sf_config.h"

#include <grp.h>
#include <pwd.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "common/limits.h"
#include "common/userdb.h"
#include "common/xmem.h"

struct userdb_ent {
	unsigned long id;
	char *name;
	size_t seq;		/* insertion order: the first name wins */
};

struct userdb_tab {
	struct userdb_ent *e;
	size_t n, cap;
	bool sorted;
};

struct userdb {
	struct userdb_tab users, groups;
};

struct userdb *
userdb_new(void)
{
	return xcalloc(1, sizeof(struct userdb));
}

static void
userdb_tab_free(struct userdb_tab *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free(t->e[i].name);
	free(t->e);
}

void
userdb_free(struct userdb *db)
{
	if (db == NULL)
		return;
	userdb_tab_free(&db->users);
	userdb_tab_free(&db->groups);
	free(db);
}

static void
userdb_tab_add(struct userdb_tab *t, unsigned long id, const char *name)
{
	if (t->n >= LIM_USERDB_ENTRIES)
		return;
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 64;
		t->e = xrealloc(t->e, t->cap * sizeof(*t->e));
	}
	t->e[t->n].id = id;
	t->e[t->n].name = xstrdup(name);
	t->e[t->n].seq = t->n;
	t->n++;
	t->sorted = false;
}

void
userdb_add_user(struct userdb *db, unsigned long id, const char *name)
{
	userdb_tab_add(&db->users, id, name);
}

void
userdb_add_group(struct userdb *db, unsigned long id, const char *name)
{
	userdb_tab_add(&db->groups, id, name);
}

static int
userdb_cmp(const void *a, const void *b)
{
	const struct userdb_ent *x = a, *y = b;

	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static const char *
userdb_tab_find(struct userdb_tab *t, unsigned long id)
{
	size_t lo = 0, hi;

	if (!t->sorted) {
		if (t->n > 0)
			qsort(t->e, t->n, sizeof(*t->e), userdb_cmp);
		t->sorted = true;
	}
	/* Lower bound, so the first-inserted name of an id is found. */
	hi = t->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (t->e[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < t->n && t->e[lo].id == id)
		return t->e[lo].name;
	return NULL;
}

const char *
userdb_user(struct userdb *db, unsigned long id)
{
	return userdb_tab_find(&db->users, id);
}

const char *
userdb_group(struct userdb *db, unsigned long id)
{
	return userdb_tab_find(&db->groups, id);
}

void
userdb_load_system(struct userdb *db)
{
	struct passwd *pw;
	struct group *gr;

	setpwent();
	while ((pw = getpwent()) != NULL)
		userdb_add_user(db, (unsigned long)pw->pw_uid, pw->pw_name);
	endpwent();
	setgrent();
	while ((gr = getgrent()) != NULL)
		userdb_add_group(db, (unsigned long)gr->gr_gid, gr->gr_name);
	endgrent();
}
