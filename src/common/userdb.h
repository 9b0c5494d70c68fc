/* SPDX-License-Identifier: GPL-2.0-or-later */
/* User and group names for listings, loaded before confinement. */
#ifndef SF_COMMON_USERDB_H
#define SF_COMMON_USERDB_H

#include <sys/types.h>

struct userdb;

struct userdb *userdb_new(void);
void userdb_free(struct userdb *db);
/* Add an id -> name mapping (at most LIM_USERDB_ENTRIES of each kind;
 * the first name for an id wins, as getpwuid would return). */
void userdb_add_user(struct userdb *db, unsigned long id, const char *name);
void userdb_add_group(struct userdb *db, unsigned long id, const char *name);
/* Enumerate the system's users and groups (NSS); call before chroot. */
void userdb_load_system(struct userdb *db);
/* The name for an id, or NULL when unknown. */
const char *userdb_user(struct userdb *db, unsigned long id);
const char *userdb_group(struct userdb *db, unsigned long id);

#endif
