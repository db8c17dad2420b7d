#ifndef GIT_DRIFT_CLIBGIT2_SHIM_H
#define GIT_DRIFT_CLIBGIT2_SHIM_H

#include <git2.h>
#include <git2/sys/odb_backend.h>

/// git_libgit2_opts is variadic, which Swift cannot call: one wrapper per option we use.
static inline int git_drift_set_owner_validation(int enabled) {
  return git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, enabled);
}

/// Whether every object read is hashed again to verify its id (libgit2's default; git itself
/// leaves this to fsck).
static inline int git_drift_set_strict_hash_verification(int enabled) {
  return git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, enabled);
}

/// Trees up to `size` bytes stay parsed in the object cache (libgit2 keeps only trees under
/// 4 KiB by default, so a snapshot folder of thousands of resources was re-read on each lookup).
static inline int git_drift_set_tree_cache_limit(size_t size) {
  return git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_TREE, size);
}

#endif
