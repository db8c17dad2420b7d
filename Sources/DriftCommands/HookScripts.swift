/// The git hooks, compiled in so that `git drift hooks install` needs no file but the binary.
///
/// They are the files of `hooks/` at the top of this project, byte for byte (a test checks it).
enum HookScripts {
  static let all: [String: String] = [
    "pre-commit": #"""
    #!/bin/sh
    #
    # git-drift pre-commit hook: desired state must parse and keep the policies.
    #
    # Called by "git commit" with no arguments and nothing on standard input. The desired files
    # that the commit adds or changes (their staged content) must parse, and must not break a
    # git-drift policy at severity high or above: privileged containers, host namespaces and
    # paths, added capabilities, root users, Services exposed outside the cluster, network rules
    # open to 0.0.0.0/0, public buckets. Each problem is printed as FILE:LINE. The hook exits
    # non-zero to stop the commit; "git commit --no-verify" bypasses it once.
    #
    # Installed by git-drift ("git drift hooks install"); a hook that was here before is kept as
    # pre-commit.local and runs first.

    hooks=$(dirname "$0")
    if [ -x "$hooks/pre-commit.local" ]; then
    	"$hooks/pre-commit.local" "$@" || exit $?
    fi
    if ! command -v git-drift >/dev/null 2>&1; then
    	echo "git-drift: not on PATH; the policy check is skipped" >&2
    	exit 0
    fi
    exec git-drift hooks run pre-commit "$@"

    """#,
    "pre-push": #"""
    #!/bin/sh
    #
    # git-drift pre-push hook: do not silently overwrite what someone changed live.
    #
    # Called by "git push" after it has checked the remote status, but before anything has been
    # pushed, with two arguments: the name of the remote and its location. Standard input has
    # one line per ref to push: <local ref> <local sha1> <remote ref> <remote sha1>.
    #
    # For every attribute that the pushed desired state changes, while the latest recorded
    # snapshot shows a live value that differs from the previous desired value (someone changed
    # it by hand, and the push would overwrite that without saying so), the hook prints a
    # warning. With "git config drift.prePush block" it also exits non-zero, which stops the
    # push. Without recorded snapshots it does nothing.
    #
    # Installed by git-drift ("git drift hooks install"); a hook that was here before is kept as
    # pre-push.local and runs first, with the same arguments and standard input.

    hooks=$(dirname "$0")
    input=$(mktemp "${TMPDIR:-/tmp}/git-drift-pre-push.XXXXXX") || exit 1
    trap 'rm -f "$input"' EXIT
    cat >"$input"
    if [ -x "$hooks/pre-push.local" ]; then
    	"$hooks/pre-push.local" "$@" <"$input" || exit $?
    fi
    if ! command -v git-drift >/dev/null 2>&1; then
    	echo "git-drift: not on PATH; the drift-aware push check is skipped" >&2
    	exit 0
    fi
    git-drift hooks run pre-push "$@" <"$input"

    """#,
    "post-merge": #"""
    #!/bin/sh
    #
    # git-drift post-merge hook: one line on how the merged desired state compares with live.
    #
    # Called by "git merge" (and "git pull") after a successful merge, with one argument: 1 when
    # the merge was a squash. It cannot change the outcome of the merge. It prints one summary
    # line of "git drift check" against the latest recorded snapshot of each source, or nothing
    # when no snapshot is recorded; it always exits 0.
    #
    # Installed by git-drift ("git drift hooks install"); a hook that was here before is kept as
    # post-merge.local and runs first.

    hooks=$(dirname "$0")
    if [ -x "$hooks/post-merge.local" ]; then
    	"$hooks/post-merge.local" "$@"
    fi
    command -v git-drift >/dev/null 2>&1 || exit 0
    git-drift hooks run post-merge "$@"
    exit 0

    """#,
    "post-checkout": #"""
    #!/bin/sh
    #
    # git-drift post-checkout hook: one line on how the checked-out desired state compares with
    # live.
    #
    # Called by "git checkout" and "git switch" after the working tree has been updated, with
    # three arguments: the previous HEAD, the new HEAD, and 1 for a branch checkout (0 for a file
    # checkout, which this hook ignores). It prints one summary line of "git drift check" against
    # the latest recorded snapshot of each source, or nothing when no snapshot is recorded; it
    # always exits 0.
    #
    # Installed by git-drift ("git drift hooks install"); a hook that was here before is kept as
    # post-checkout.local and runs first.

    hooks=$(dirname "$0")
    if [ -x "$hooks/post-checkout.local" ]; then
    	"$hooks/post-checkout.local" "$@"
    fi
    command -v git-drift >/dev/null 2>&1 || exit 0
    [ "${3:-1}" = 1 ] || exit 0
    git-drift hooks run post-checkout "$@"
    exit 0

    """#,
  ]

  /// The line that marks a hook as git-drift's own.
  static let marker = "# Installed by git-drift"
}
