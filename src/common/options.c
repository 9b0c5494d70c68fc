/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The option descriptor table, defaults and value parsers. */
#include "sf_config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/options.h"
#include "common/xmem.h"

/*
 * Every option's name, string default and doc, one after another: the
 * table below holds their offsets in this object.  An empty default ("")
 * means unset, as an empty value in a file does.
 */
static const struct opt_text {
	char none[1];
#define OPT_BOOL(n, d, s, doc) \
	char n##_name[sizeof(#n)]; char n##_doc[sizeof(doc)];
#define OPT_UINT(n, d, lo, hi, s, doc) OPT_BOOL(n, d, s, doc)
#define OPT_MODE(n, d, s, doc) OPT_BOOL(n, d, s, doc)
#define OPT_STR(n, d, s, doc) \
	OPT_BOOL(n, d, s, doc) char n##_def[sizeof(d)];
#define OPT_ALIAS(a, c)
#include "common/options.def"
#undef OPT_BOOL
#undef OPT_UINT
#undef OPT_MODE
#undef OPT_STR
#undef OPT_ALIAS
} opt_text = {
	.none = "",
#define OPT_BOOL(n, d, s, doc) .n##_name = #n, .n##_doc = doc,
#define OPT_UINT(n, d, lo, hi, s, doc) OPT_BOOL(n, d, s, doc)
#define OPT_MODE(n, d, s, doc) OPT_BOOL(n, d, s, doc)
#define OPT_STR(n, d, s, doc) OPT_BOOL(n, d, s, doc) .n##_def = d,
#define OPT_ALIAS(a, c)
#include "common/options.def"
#undef OPT_BOOL
#undef OPT_UINT
#undef OPT_MODE
#undef OPT_STR
#undef OPT_ALIAS
};

#define OPT_AT(member) ((unsigned int)offsetof(struct opt_text, member))

const struct opt_desc opt_table[OPT_COUNT] = {
#define OPT_BOOL(n, d, s, doc) \
	[OPT_ID_##n] = { OPT_AT(n##_name), OPT_AT(n##_doc), 0, OPT_T_BOOL, \
	    OS_##s, offsetof(struct options, n), (d), 0, 1 },
#define OPT_UINT(n, d, lo, hi, s, doc) \
	[OPT_ID_##n] = { OPT_AT(n##_name), OPT_AT(n##_doc), 0, OPT_T_UINT, \
	    OS_##s, offsetof(struct options, n), (d), (lo), (hi) },
#define OPT_MODE(n, d, s, doc) \
	[OPT_ID_##n] = { OPT_AT(n##_name), OPT_AT(n##_doc), 0, OPT_T_MODE, \
	    OS_##s, offsetof(struct options, n), (d), 0, 07777 },
#define OPT_STR(n, d, s, doc) \
	[OPT_ID_##n] = { OPT_AT(n##_name), OPT_AT(n##_doc), \
	    sizeof(d) > 1 ? OPT_AT(n##_def) : 0, OPT_T_STR, OS_##s, \
	    offsetof(struct options, n), 0, 0, 0 },
#define OPT_ALIAS(a, c)
#include "common/options.def"
#undef OPT_BOOL
#undef OPT_UINT
#undef OPT_MODE
#undef OPT_STR
#undef OPT_ALIAS
};

#undef OPT_AT

const struct opt_alias opt_aliases[] = {
#define OPT_BOOL(n, d, s, doc)
#define OPT_UINT(n, d, lo, hi, s, doc)
#define OPT_MODE(n, d, s, doc)
#define OPT_STR(n, d, s, doc)
#define OPT_ALIAS(a, c) { #a, OPT_ID_##c },
#include "common/options.def"
#undef OPT_BOOL
#undef OPT_UINT
#undef OPT_MODE
#undef OPT_STR
#undef OPT_ALIAS
};

const size_t opt_alias_count = sizeof(opt_aliases) / sizeof(opt_aliases[0]);

const char *
opt_name(const struct opt_desc *d)
{
	return (const char *)&opt_text + d->name;
}

const char *
opt_doc(const struct opt_desc *d)
{
	return (const char *)&opt_text + d->doc;
}

const char *
opt_def_str(const struct opt_desc *d)
{
	return d->def_str != 0 ? (const char *)&opt_text + d->def_str : NULL;
}

static void *
opt_field(struct options *o, const struct opt_desc *d)
{
	return (char *)o + d->offset;
}

void
opt_defaults(struct options *o)
{
	size_t i;

	memset(o, 0, sizeof(*o));
	for (i = 0; i < OPT_COUNT; i++) {
		const struct opt_desc *d = &opt_table[i];
		void *f = opt_field(o, d);
		const char *def;

		switch (d->type) {
		case OPT_T_BOOL:
			*(bool *)f = d->def_num != 0;
			break;
		case OPT_T_UINT:
		case OPT_T_MODE:
			*(unsigned long *)f = d->def_num;
			break;
		case OPT_T_STR:
			def = opt_def_str(d);
			*(char **)f = def != NULL ? xstrdup(def) : NULL;
			break;
		}
	}
}

void
opt_free(struct options *o)
{
	size_t i;

	for (i = 0; i < OPT_COUNT; i++) {
		free(o->origin[i]);
		o->origin[i] = NULL;
		if (opt_table[i].type == OPT_T_STR) {
			char **f = opt_field(o, &opt_table[i]);

			free(*f);
			*f = NULL;
		}
	}
}

void
opt_copy(struct options *dst, const struct options *src)
{
	size_t i;

	memcpy(dst, src, sizeof(*dst));
	for (i = 0; i < OPT_COUNT; i++) {
		if (src->origin[i] != NULL)
			dst->origin[i] = xstrdup(src->origin[i]);
		if (opt_table[i].type == OPT_T_STR) {
			char **f = opt_field(dst, &opt_table[i]);

			if (*f != NULL)
				*f = xstrdup(*f);
		}
	}
}

const struct opt_desc *
opt_lookup(const char *name)
{
	size_t i;

	for (i = 0; i < OPT_COUNT; i++)
		if (strcmp(opt_name(&opt_table[i]), name) == 0)
			return &opt_table[i];
	for (i = 0; i < opt_alias_count; i++)
		if (strcmp(opt_aliases[i].alias, name) == 0)
			return &opt_table[opt_aliases[i].id];
	return NULL;
}

enum opt_id
opt_id_of(const struct opt_desc *d)
{
	return (enum opt_id)(d - opt_table);
}

/*
 * Edit distance (ASCII case folded) of names shorter than 64 bytes, or
 * some value over max as soon as it is known to exceed max: the minimum
 * of a row of the table never decreases from one row to the next, so a
 * row whose minimum is over max settles it.  A whole table costs about
 * 60 x 60 steps and opt_suggest computes one per known name, so most of
 * them end after a row or two.
 */
static size_t
opt_distance(const char *a, const char *b, size_t max)
{
	size_t la = strlen(a), lb = strlen(b), i, j;
	size_t row[64], prev, tmp, low;

	if (la >= 64 || lb >= 64)
		return (size_t)-1;
	if ((la > lb ? la - lb : lb - la) > max)
		return max + 1;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = i;
		low = i;
		for (j = 1; j <= lb; j++) {
			size_t best = prev + (tolower((unsigned char)a[i - 1]) !=
			    tolower((unsigned char)b[j - 1]));

			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			tmp = row[j];
			row[j] = best;
			prev = tmp;
			if (best < low)
				low = best;
		}
		if (low > max)
			return max + 1;
	}
	return row[lb];
}

/*
 * The first known name at the smallest distance, if that distance is at
 * most a third of the name's length plus one (or 2).  Only a name that
 * could still be the answer is measured in full: one closer than the best
 * so far and within that bound.
 */
const char *
opt_suggest(const char *name)
{
	const char *best = NULL;
	size_t best_d = (size_t)-1, i, d;
	size_t limit = strlen(name) / 3 + 1;
	size_t accept = limit > 2 ? limit : 2;

	for (i = 0; i < OPT_COUNT + opt_alias_count && best_d > 0; i++) {
		const char *cand = i < OPT_COUNT ? opt_name(&opt_table[i]) :
		    opt_aliases[i - OPT_COUNT].alias;

		d = opt_distance(name, cand,
		    best_d - 1 < accept ? best_d - 1 : accept);
		if (d < best_d) {
			best_d = d;
			best = cand;
		}
	}
	if (best_d > accept)
		return NULL;
	return best;
}

static int
opt_parse_bool(const char *v, bool *out)
{
	if (strcasecmp(v, "YES") == 0 || strcasecmp(v, "TRUE") == 0 ||
	    strcmp(v, "1") == 0)
		*out = true;
	else if (strcasecmp(v, "NO") == 0 || strcasecmp(v, "FALSE") == 0 ||
	    strcmp(v, "0") == 0)
		*out = false;
	else
		return -1;
	return 0;
}

/* vsftpd reads a leading 0 as octal; unlike vsftpd, anything but digits
 * (a sign, trailing junk, overflow) is an error. */
static int
opt_parse_num(const char *v, unsigned long *out)
{
	unsigned long long n;
	const char *p;
	char *end;
	int base = (v[0] == '0' && v[1] != '\0') ? 8 : 10;

	for (p = v; *p != '\0'; p++)
		if (!isdigit((unsigned char)*p))
			return -1;
	if (p == v)
		return -1;
	errno = 0;
	n = strtoull(v, &end, base);
	if (errno != 0 || *end != '\0' || n > 0xffffffffULL)
		return -1;
	*out = (unsigned long)n;
	return 0;
}

int
opt_set(struct options *o, const char *name, const char *value,
    char *err, size_t errsz)
{
	const struct opt_desc *d = opt_lookup(name);
	const char *hint;
	void *f;

	if (d == NULL) {
		hint = opt_suggest(name);
		if (hint != NULL)
			snprintf(err, errsz, "unknown option \"%s\" (did you "
			    "mean \"%s\"?)", name, hint);
		else
			snprintf(err, errsz, "unknown option \"%s\"", name);
		return -1;
	}
	f = opt_field(o, d);
	if (value[0] == '\0' && d->type != OPT_T_STR) {
		snprintf(err, errsz, "missing value for %s", opt_name(d));
		return -1;
	}
	switch (d->type) {
	case OPT_T_BOOL: {
		bool b;

		if (opt_parse_bool(value, &b) < 0) {
			snprintf(err, errsz, "bad boolean value \"%s\" for %s "
			    "(use YES or NO)", value, opt_name(d));
			return -1;
		}
		*(bool *)f = b;
		break;
	}
	case OPT_T_UINT:
	case OPT_T_MODE: {
		unsigned long n;

		if (opt_parse_num(value, &n) < 0) {
			snprintf(err, errsz, "bad number \"%s\" for %s", value,
			    opt_name(d));
			return -1;
		}
		if (n < d->lo || n > d->hi) {
			if (d->type == OPT_T_MODE)
				snprintf(err, errsz, "%s=%s is out of range "
				    "(0 to 07777)", opt_name(d), value);
			else
				snprintf(err, errsz, "%s=%s is out of range "
				    "(%lu to %lu)", opt_name(d), value, d->lo,
				    d->hi);
			return -1;
		}
		*(unsigned long *)f = n;
		break;
	}
	case OPT_T_STR:
		free(*(char **)f);
		*(char **)f = value[0] != '\0' ? xstrdup(value) : NULL;
		break;
	}
	o->set[opt_id_of(d)] = 1;
	return 0;
}

void
opt_set_origin(struct options *o, const char *name, const char *origin)
{
	const struct opt_desc *d = opt_lookup(name);
	enum opt_id id;

	if (d == NULL)
		return;
	id = opt_id_of(d);
	free(o->origin[id]);
	o->origin[id] = xstrdup(origin);
}

const char *
opt_origin(const struct options *o, enum opt_id id, char *out, size_t outsz)
{
	snprintf(out, outsz, "%s%s", o->origin[id] ? o->origin[id] : "",
	    o->origin[id] ? ": " : "");
	return out;
}

void
opt_format(const struct options *o, const struct opt_desc *d, char *out,
    size_t outsz)
{
	const char *s;

	switch (d->type) {
	case OPT_T_BOOL:
		snprintf(out, outsz, "%s", opt_bool(o, d) ? "YES" : "NO");
		break;
	case OPT_T_UINT:
		snprintf(out, outsz, "%lu", opt_num(o, d));
		break;
	case OPT_T_MODE:
		snprintf(out, outsz, "0%lo", opt_num(o, d));
		break;
	case OPT_T_STR:
		s = opt_str(o, d);
		snprintf(out, outsz, "%s", s ? s : "");
		break;
	}
}

bool
opt_in_use(const struct options *o, const struct opt_desc *d)
{
	const char *s, *def;

	if (!o->set[opt_id_of(d)])
		return false;
	if (d->status == OS_REFUSE) {
		switch (d->type) {
		case OPT_T_BOOL:
			return opt_bool(o, d);
		case OPT_T_UINT:
		case OPT_T_MODE:
			return opt_num(o, d) != 0;
		case OPT_T_STR:
			return opt_str(o, d) != NULL;
		}
	}
	switch (d->type) {
	case OPT_T_BOOL:
		return opt_bool(o, d) != (d->def_num != 0);
	case OPT_T_UINT:
	case OPT_T_MODE:
		return opt_num(o, d) != d->def_num;
	case OPT_T_STR:
		s = opt_str(o, d);
		def = opt_def_str(d);
		if (s == NULL || def == NULL)
			return s != def;
		return strcmp(s, def) != 0;
	}
	return false;
}
