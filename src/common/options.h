/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The option struct, its descriptor table and defaults, from options.def. */
#ifndef SF_COMMON_OPTIONS_H
#define SF_COMMON_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

enum opt_type { OPT_T_BOOL, OPT_T_UINT, OPT_T_MODE, OPT_T_STR };
enum opt_status { OS_IMPL, OS_LISTEN, OS_NOEFFECT, OS_TODO, OS_REFUSE };

enum opt_id {
#define OPT_BOOL(n, d, s, doc) OPT_ID_##n,
#define OPT_UINT(n, d, lo, hi, s, doc) OPT_ID_##n,
#define OPT_MODE(n, d, s, doc) OPT_ID_##n,
#define OPT_STR(n, d, s, doc) OPT_ID_##n,
#define OPT_ALIAS(a, c)
#include "common/options.def"
#undef OPT_BOOL
#undef OPT_UINT
#undef OPT_MODE
#undef OPT_STR
#undef OPT_ALIAS
	OPT_COUNT
};

/* Field names are exactly the vsftpd.conf keys.  Strings are owned by the
 * struct (NULL: unset); opt_free() releases them. */
struct options {
#define OPT_BOOL(n, d, s, doc) bool n;
#define OPT_UINT(n, d, lo, hi, s, doc) unsigned long n;
#define OPT_MODE(n, d, s, doc) unsigned long n;
#define OPT_STR(n, d, s, doc) char *n;
#define OPT_ALIAS(a, c)
#include "common/options.def"
#undef OPT_BOOL
#undef OPT_UINT
#undef OPT_MODE
#undef OPT_STR
#undef OPT_ALIAS
	/* Nonzero where the option was given in a file or with -o. */
	unsigned char set[OPT_COUNT];
	/* Where it was last set ("FILE:LINE", "command line"), or NULL. */
	char *origin[OPT_COUNT];
};

/*
 * One option.  Its name, string default and doc are offsets into one
 * object of text (opt_name() and friends turn them into strings), not
 * pointers: in a position-independent executable the loader rewrites
 * every pointer of a table at start, and the table's pages are then
 * private to the session (this one, with pointers, cost an idle session
 * 12 KiB of dirty memory); a table of offsets stays in shared, read-only
 * pages.
 */
struct opt_desc {
	unsigned int name;
	unsigned int doc;
	unsigned int def_str;	/* 0: no default (NULL) */
	enum opt_type type;
	enum opt_status status;
	size_t offset;
	unsigned long def_num;
	unsigned long lo, hi;
};

struct opt_alias {
	char alias[32];
	enum opt_id id;
};

/* Indexed by enum opt_id. */
extern const struct opt_desc opt_table[OPT_COUNT];
extern const struct opt_alias opt_aliases[];
extern const size_t opt_alias_count;

const char *opt_name(const struct opt_desc *d);
const char *opt_doc(const struct opt_desc *d);
/* The default of a string option, or NULL (unset). */
const char *opt_def_str(const struct opt_desc *d);

void opt_defaults(struct options *o);
void opt_free(struct options *o);
/* A deep copy of src into dst (release with opt_free). */
void opt_copy(struct options *dst, const struct options *src);
/* Find an option by name or alias (case-sensitive, as vsftpd). */
const struct opt_desc *opt_lookup(const char *name);
enum opt_id opt_id_of(const struct opt_desc *d);
/* The known name closest to an unknown one, or NULL if none is close. */
const char *opt_suggest(const char *name);
/*
 * Parse value (vsftpd syntax) into o; mark the option as set.  Returns 0,
 * or -1 with a message naming the option in err.
 */
int opt_set(struct options *o, const char *name, const char *value,
    char *err, size_t errsz);
/* Record where name was set, for messages about it (copied). */
void opt_set_origin(struct options *o, const char *name, const char *origin);
/* "ORIGIN: " for an option set explicitly, else "" (into out). */
const char *opt_origin(const struct options *o, enum opt_id id, char *out,
    size_t outsz);
/* The option's current value in config-file syntax, into out. */
void opt_format(const struct options *o, const struct opt_desc *d,
    char *out, size_t outsz);
/* An option counts as in use when set explicitly to a value that differs
 * from its default (TODO) or that switches a feature on (REFUSE). */
bool opt_in_use(const struct options *o, const struct opt_desc *d);

static inline bool
opt_bool(const struct options *o, const struct opt_desc *d)
{
	return *(const bool *)(const void *)((const char *)o + d->offset);
}

static inline unsigned long
opt_num(const struct options *o, const struct opt_desc *d)
{
	return *(const unsigned long *)(const void *)((const char *)o +
	    d->offset);
}

static inline const char *
opt_str(const struct options *o, const struct opt_desc *d)
{
	return *(char *const *)(const void *)((const char *)o + d->offset);
}

#endif
