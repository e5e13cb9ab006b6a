/*
 * rwd-sandbox: runs one program (the RewardEngine Python harness) isolated from the host.
 *
 *   rwd-sandbox [--mem MB] [--cpu S] [--fsize KB] [--nofile N] [--nproc N] [--tmpfs MB] [--uid N]
 *               [--ro PATH]... [--ro-as PATH INSIDE]... [--supervisor] [--no-isolate] -- PROGRAM [ARGS...]
 *
 * Isolation: own user, network, PID, mount, IPC and UTS namespaces; a root made of an empty read-only tmpfs
 * with only the --ro paths bound in read-only (at the same path, or --ro-as at INSIDE, so that the host's
 * folder names stay unseen), and a small writable tmpfs at /tmp (noexec); runs as uid/gid
 * 65534 of its user namespace with no capabilities and no_new_privs; rlimits on address space, CPU, file
 * size, open files, processes and core dumps. PROGRAM runs as PID 1 of its namespace, so nothing inside can
 * signal it unless it installed a handler (not even SIGKILL), and when it exits the kernel kills every process
 * left in the namespace. A seccomp filter (x86-64) refuses tracing, namespace, mount, keyring, BPF and
 * io_uring calls.
 *
 * User namespace: 65534 inside is the caller outside. As root, two ids are mapped, 65534 -> N+1 and
 * 65533 -> N (N from --uid, default 65534 on the host side): the second, given to PROGRAM as
 * RWD_SANDBOX_CHECKER_ID, lets a supervisor run the processes it starts under another uid than its own.
 * --supervisor: PROGRAM keeps CAP_SYS_ADMIN, CAP_SETUID, CAP_SETGID and CAP_KILL within its own namespaces
 * (ambient capabilities; nothing on the host), and mount/umount2 stay allowed, so that it can renew the /tmp
 * tmpfs and run the processes it starts under the second id; those drop every capability themselves
 * (librwd-checker). Without it PROGRAM has no capabilities at all.
 *
 * Exit status: PROGRAM's (128+signal when killed); 125 when isolation cannot be set up (the message on
 * stderr starts with "rwd-sandbox: cannot isolate:"); 126 for usage or exec errors.
 * --no-isolate applies only the rlimits (the engine uses it only when the config allows unsandboxed runs).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <stddef.h>
#include <linux/audit.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#define SANDBOX_ID 65534 /* "nobody": owns nothing on the host */
#define CHECKER_ID 65533 /* as root, the second mapped id (see RWD_SANDBOX_CHECKER_ID) */
#define MAX_RO 64
#define EXIT_ISOLATE 125
#define EXIT_USAGE 126

static const char *ro_paths[MAX_RO], *ro_inside[MAX_RO];
static int ro_count;
static long opt_mem_mb = 512, opt_cpu_s = 0, opt_fsize_kb = 1024, opt_nofile = 64, opt_nproc = 64, opt_tmpfs_mb = 16;
static int opt_no_isolate, opt_supervisor;
static long opt_uid = SANDBOX_ID;
static volatile pid_t child_pid;

static void fail(int code, const char *fmt, ...)
{
    va_list ap;
    int saved = errno;
    fputs(code == EXIT_ISOLATE ? "rwd-sandbox: cannot isolate: " : "rwd-sandbox: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    if (saved) fprintf(stderr, ": %s", strerror(saved));
    fputc('\n', stderr);
    _exit(code);
}

static long number(const char *name, const char *s)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || *end || v < 0) { errno = 0; fail(EXIT_USAGE, "%s: expected a non-negative integer, got '%s'", name, s); }
    return v;
}

static void write_file(const char *path, const char *text)
{
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) fail(EXIT_ISOLATE, "open %s", path);
    size_t len = strlen(text);
    if (write(fd, text, len) != (ssize_t)len) fail(EXIT_ISOLATE, "write %s", path);
    close(fd);
}

static void mkdirs(const char *path, mode_t mode)
{
    char buf[4096];
    if (snprintf(buf, sizeof buf, "%s", path) >= (int)sizeof buf) { errno = ENAMETOOLONG; fail(EXIT_ISOLATE, "mkdir %s", path); }
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/') continue;
        *p = 0;
        if (mkdir(buf, mode) < 0 && errno != EEXIST) fail(EXIT_ISOLATE, "mkdir %s", buf);
        *p = '/';
    }
    if (mkdir(buf, mode) < 0 && errno != EEXIST) fail(EXIT_ISOLATE, "mkdir %s", buf);
    errno = 0;
}

/* Bind src read-only at root+inside. Flags the kernel locks on a mount inherited into a user namespace
 * (nodev, nosuid, noexec, atime) must be repeated on the remount, or it fails with EPERM. */
static void bind_readonly(const char *root, int src_fd, const char *src, const char *inside)
{
    struct stat st;
    char dst[4096], from[64];
    if (src_fd < 0 || fstat(src_fd, &st) < 0) { errno = 0; return; } /* optional paths: absent ones are skipped */
    snprintf(from, sizeof from, "/proc/self/fd/%d", src_fd);
    snprintf(dst, sizeof dst, "%s%s", root, inside);
    if (S_ISDIR(st.st_mode)) mkdirs(dst, 0755);
    else {
        char parent[4096];
        snprintf(parent, sizeof parent, "%s", dst);
        char *slash = strrchr(parent, '/');
        if (slash && slash != parent) { *slash = 0; mkdirs(parent, 0755); }
        int fd = open(dst, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
        if (fd < 0) fail(EXIT_ISOLATE, "create mount point %s", dst);
        close(fd);
    }
    if (mount(from, dst, NULL, MS_BIND | MS_REC, NULL) < 0) fail(EXIT_ISOLATE, "bind %s", src);
    struct statvfs vfs;
    unsigned long flags = MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV;
    if (statvfs(dst, &vfs) == 0) {
        if (vfs.f_flag & ST_NOEXEC) flags |= MS_NOEXEC;
        if (vfs.f_flag & ST_NOATIME) flags |= MS_NOATIME;
        if (vfs.f_flag & ST_NODIRATIME) flags |= MS_NODIRATIME;
        if (vfs.f_flag & ST_RELATIME) flags |= MS_RELATIME;
    }
    if (mount(NULL, dst, NULL, flags, NULL) < 0) fail(EXIT_ISOLATE, "remount %s read-only", src);
}

/* Merged-/usr systems have /bin, /lib, /lib64 as symlinks into /usr; the interpreter and the dynamic
 * loader are found through them, so the new root gets the same links. */
static void copy_root_symlinks(const char *root)
{
    static const char *names[] = { "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32" };
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        char target[4096], link_path[4096];
        struct stat st;
        if (lstat(names[i], &st) < 0 || !S_ISLNK(st.st_mode)) continue;
        ssize_t n = readlink(names[i], target, sizeof target - 1);
        if (n < 0) continue;
        target[n] = 0;
        snprintf(link_path, sizeof link_path, "%s%s", root, names[i]);
        if (symlink(target, link_path) < 0 && errno != EEXIST) fail(EXIT_ISOLATE, "symlink %s", link_path);
    }
    errno = 0;
}

static void setup_filesystem(void)
{
    /* Our mount changes must not propagate back to the host. */
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0) fail(EXIT_ISOLATE, "make / private");
    /* The read-only paths are opened first: the new root hides the host's /tmp, where they may lie (an engine
     * unpacked or built under /tmp). */
    int ro_fds[MAX_RO];
    for (int i = 0; i < ro_count; i++) ro_fds[i] = open(ro_paths[i], O_PATH | O_CLOEXEC);
    errno = 0;
    /* Any existing directory serves as the mount point of the new root; /tmp exists everywhere. */
    const char *root = "/tmp";
    if (mount("rwd-root", root, "tmpfs", MS_NOSUID | MS_NODEV, "size=1m,mode=0755") < 0)
        fail(EXIT_ISOLATE, "mount root tmpfs");
    for (int i = 0; i < ro_count; i++) {
        bind_readonly(root, ro_fds[i], ro_paths[i], ro_inside[i]);
        if (ro_fds[i] >= 0) close(ro_fds[i]);
    }
    copy_root_symlinks(root);

    char tmp[64], opts[64];
    snprintf(tmp, sizeof tmp, "%s/tmp", root);
    mkdirs(tmp, 0755);
    snprintf(opts, sizeof opts, "size=%ldm,mode=1777,nr_inodes=4096", opt_tmpfs_mb > 0 ? opt_tmpfs_mb : 1);
    if (mount("rwd-tmp", tmp, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, opts) < 0) fail(EXIT_ISOLATE, "mount /tmp tmpfs");
    if (mount(NULL, root, NULL, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV, NULL) < 0)
        fail(EXIT_ISOLATE, "remount root read-only");

    /* pivot_root(".", ".") stacks the old root on the new one; detaching it leaves only the new root. */
    if (chdir(root) < 0) fail(EXIT_ISOLATE, "chdir new root");
    if (syscall(SYS_pivot_root, ".", ".") < 0) fail(EXIT_ISOLATE, "pivot_root");
    if (umount2(".", MNT_DETACH) < 0) fail(EXIT_ISOLATE, "detach old root");
    if (chdir("/tmp") < 0) fail(EXIT_ISOLATE, "chdir /tmp");
}

static void set_limit(int resource, long value, const char *name)
{
    struct rlimit rl = { (rlim_t)value, (rlim_t)value };
    if (setrlimit(resource, &rl) < 0) fail(EXIT_ISOLATE, "setrlimit %s", name);
}

static void apply_limits(void)
{
    if (opt_mem_mb > 0) set_limit(RLIMIT_AS, opt_mem_mb << 20, "address space");
    if (opt_cpu_s > 0) set_limit(RLIMIT_CPU, opt_cpu_s, "cpu");
    set_limit(RLIMIT_FSIZE, opt_fsize_kb << 10, "file size");
    if (opt_nofile > 0) set_limit(RLIMIT_NOFILE, opt_nofile, "open files");
    if (opt_nproc > 0) set_limit(RLIMIT_NPROC, opt_nproc, "processes");
    set_limit(RLIMIT_CORE, 0, "core");
}

/* Capabilities a supervisor keeps inside its namespaces (--supervisor). */
static const int supervisor_caps[] = { CAP_SYS_ADMIN, CAP_SETUID, CAP_SETGID, CAP_KILL };

static void drop_privileges(void)
{
    /* The ids are already 65534 (main); the group list cannot be changed in the namespace (setgroups is
     * denied) and holds no mapped id. 65534 is not root in the namespace, so execve leaves only the ambient capabilities: none, or with
     * --supervisor the few a supervisor needs (raising one requires it permitted and inheritable). */
    struct __user_cap_header_struct header = { _LINUX_CAPABILITY_VERSION_3, 0 };
    struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];
    memset(data, 0, sizeof data);
    if (opt_supervisor)
        for (size_t i = 0; i < sizeof supervisor_caps / sizeof *supervisor_caps; i++) {
            unsigned c = (unsigned)supervisor_caps[i];
            data[c / 32].effective |= 1u << (c % 32);
            data[c / 32].permitted |= 1u << (c % 32);
            data[c / 32].inheritable |= 1u << (c % 32);
        }
    if (syscall(SYS_capset, &header, data) < 0) fail(EXIT_ISOLATE, "capset");
    if (opt_supervisor)
        for (size_t i = 0; i < sizeof supervisor_caps / sizeof *supervisor_caps; i++)
            if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, supervisor_caps[i], 0, 0) < 0)
                fail(EXIT_ISOLATE, "ambient capability %d", supervisor_caps[i]);
    /* no_new_privs keeps setuid files and file capabilities from restoring any. */
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) fail(EXIT_ISOLATE, "no_new_privs");
}

/* A second layer under the namespaces: syscalls a checker never needs and that widen what same-uid or
 * kernel attacks can reach (tracing, namespaces, mounts, keyrings, BPF, io_uring ...) fail with EPERM.
 * clone3 fails with ENOSYS so libc falls back to clone, whose flags a filter can read. */
static void install_syscall_filter(void)
{
#if defined(__x86_64__)
    static const int denied[] = {
        __NR_ptrace, __NR_process_vm_readv, __NR_process_vm_writev, __NR_unshare, __NR_setns,
        __NR_mount, __NR_umount2, __NR_pivot_root, __NR_chroot, __NR_bpf, __NR_perf_event_open,
        __NR_userfaultfd, __NR_keyctl, __NR_add_key, __NR_request_key, __NR_io_uring_setup,
        __NR_io_uring_enter, __NR_io_uring_register, __NR_kexec_load, __NR_kexec_file_load,
        __NR_init_module, __NR_finit_module, __NR_delete_module, __NR_open_by_handle_at,
        __NR_name_to_handle_at, __NR_swapon, __NR_swapoff, __NR_reboot, __NR_acct, __NR_quotactl,
        __NR_syslog, __NR_fsopen, __NR_fsmount, __NR_fsconfig, __NR_move_mount, __NR_open_tree,
        __NR_mount_setattr,
    };
    /* A supervisor renews the /tmp tmpfs: mount and umount2 stay allowed for it (its checker processes
     * forbid them again with a filter of their own). */
    const unsigned supervisor_allowed[] = { __NR_mount, __NR_umount2 };
    const unsigned ns_flags = CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID |
                              CLONE_NEWNET | CLONE_NEWCGROUP;
    struct sock_filter prog[16 + 2 * sizeof denied / sizeof *denied];
    unsigned short n = 0;
#define ADD(x) (prog[n++] = (struct sock_filter)x)
    ADD(BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)));
    ADD(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0));
    ADD(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS));
    ADD(BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)));
    ADD(BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x40000000u, 0, 1)); /* the x32 ABI */
    ADD(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM));
    ADD(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_clone3, 0, 1));
    ADD(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS));
    ADD(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_clone, 0, 4));
    ADD(BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0]))); /* low half of flags */
    ADD(BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, ns_flags, 0, 1));
    ADD(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM));
    ADD(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
    for (size_t i = 0; i < sizeof denied / sizeof *denied; i++) {
        int skip = 0;
        for (size_t j = 0; opt_supervisor && j < sizeof supervisor_allowed / sizeof *supervisor_allowed; j++)
            skip |= (unsigned)denied[i] == supervisor_allowed[j];
        if (skip) continue;
        ADD(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned)denied[i], 0, 1));
        ADD(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM));
    }
    ADD(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
#undef ADD
    struct sock_fprog fprog = { n, prog };
    if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &fprog, 0, 0) < 0) fail(EXIT_ISOLATE, "seccomp filter");
#endif
}

/* LD_BIND_NOW: the program's symbols are bound once, at load, so that the processes it forks do not each bind
 * again what they call first (a lookup through every loaded library, and a copied page, per symbol). */
static char *clean_env[] = {
    "PATH=/usr/bin:/bin", "HOME=/tmp", "TMPDIR=/tmp", "LANG=C.UTF-8", "LD_BIND_NOW=1", NULL, NULL,
};

static void on_signal(int sig)
{
    (void)sig;
    if (child_pid > 0) kill(child_pid, SIGKILL); /* PID 1 of the namespace: takes everything with it */
}

static int wait_child(pid_t pid)
{
    int status;
    for (;;) {
        pid_t r = waitpid(pid, &status, 0);
        if (r == pid) break;
        if (r < 0 && errno != EINTR) return EXIT_USAGE;
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int main(int argc, char **argv)
{
    int i = 1;
    for (; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--")) { i++; break; }
        if (!strcmp(a, "--no-isolate")) { opt_no_isolate = 1; continue; }
        if (!strcmp(a, "--supervisor")) { opt_supervisor = 1; continue; }
        if (!strcmp(a, "--ro-as")) {
            if (i + 2 >= argc) fail(EXIT_USAGE, "--ro-as needs a path and a path inside");
            const char *src = argv[++i], *inside = argv[++i];
            if (src[0] != '/' || inside[0] != '/' || !strncmp(inside, "/tmp", 4))
                fail(EXIT_USAGE, "--ro-as %s %s: paths must be absolute, and not under /tmp", src, inside);
            if (ro_count == MAX_RO) fail(EXIT_USAGE, "too many --ro paths");
            ro_inside[ro_count] = inside;
            ro_paths[ro_count++] = src;
            continue;
        }
        if (i + 1 >= argc) fail(EXIT_USAGE, "%s needs a value", a);
        const char *v = argv[++i];
        if (!strcmp(a, "--mem")) opt_mem_mb = number(a, v);
        else if (!strcmp(a, "--cpu")) opt_cpu_s = number(a, v);
        else if (!strcmp(a, "--fsize")) opt_fsize_kb = number(a, v);
        else if (!strcmp(a, "--nofile")) opt_nofile = number(a, v);
        else if (!strcmp(a, "--nproc")) opt_nproc = number(a, v);
        else if (!strcmp(a, "--tmpfs")) opt_tmpfs_mb = number(a, v);
        else if (!strcmp(a, "--uid")) {
            opt_uid = number(a, v);
            if (opt_uid == 0 || opt_uid > 0xFFFFFFFDL) fail(EXIT_USAGE, "--uid must be a non-root uid below 4294967294");
        }
        else if (!strcmp(a, "--ro")) {
            if (v[0] != '/') fail(EXIT_USAGE, "--ro %s: path must be absolute", v);
            if (ro_count == MAX_RO) fail(EXIT_USAGE, "too many --ro paths");
            ro_inside[ro_count] = v;
            ro_paths[ro_count++] = v;
        }
        else fail(EXIT_USAGE, "unknown option %s", a);
    }
    if (i >= argc || argv[i][0] != '/') fail(EXIT_USAGE, "usage: rwd-sandbox [options] -- /ABSOLUTE/PROGRAM [args]");
    char **program = argv + i;

    if (opt_no_isolate) {
        apply_limits();
        execv(program[0], program);
        fail(EXIT_USAGE, "exec %s", program[0]);
    }

    uid_t uid = geteuid();
    gid_t gid = getegid();
    /* One clone makes every namespace; the parent, still outside, writes the child's id maps. Only a
     * privileged parent may map more than its own id: as root, 65533 and 65534 -> --uid and --uid + 1. */
    int privileged = uid == 0;
    int sync_pipe[2], alive[2];
    if (pipe2(sync_pipe, O_CLOEXEC) < 0 || pipe2(alive, O_CLOEXEC) < 0) fail(EXIT_ISOLATE, "pipe");
    pid_t pid = (pid_t)syscall(SYS_clone, CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWPID | CLONE_NEWIPC |
                               CLONE_NEWUTS | SIGCHLD, NULL, NULL, NULL, 0);
    if (pid < 0) {
        if (errno == EPERM || errno == EINVAL || errno == ENOSPC || errno == EUSERS)
            fail(EXIT_ISOLATE, "user namespaces are unavailable to uid %u (clone CLONE_NEWUSER)", uid);
        fail(EXIT_ISOLATE, "clone into new namespaces");
    }
    if (pid == 0) {
        /* PID 1 of the new namespace. If the launcher dies, so does the namespace. */
        if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0) fail(EXIT_ISOLATE, "parent-death signal");
        /* The parent lives outside our PID namespace (getppid() is 0 here): its end of alive[] closing tells
         * whether it died before the death signal was armed. */
        close(alive[1]);
        close(sync_pipe[1]);
        char go;
        if (read(sync_pipe[0], &go, 1) != 1) _exit(EXIT_ISOLATE); /* the parent could not map our ids */
        close(sync_pipe[0]);
        struct pollfd pfd = { alive[0], POLLIN, 0 };
        if (poll(&pfd, 1, 0) != 0) _exit(EXIT_ISOLATE);
        /* Take the mapped id first: as root, the launcher's own id (0) is not mapped, and files cannot be
         * created on the new root under an unmapped id. The capabilities within the namespace stay until
         * drop_privileges (65534 is not the namespace's root, so changing to it clears nothing). */
        if (setresgid(SANDBOX_ID, SANDBOX_ID, SANDBOX_ID) < 0) fail(EXIT_ISOLATE, "setresgid");
        if (setresuid(SANDBOX_ID, SANDBOX_ID, SANDBOX_ID) < 0) fail(EXIT_ISOLATE, "setresuid");
        errno = 0;
        setup_filesystem();
        sethostname("sandbox", 7);
        apply_limits();
        drop_privileges();
        install_syscall_filter();
        char checker_env[64];
        if (privileged) {
            snprintf(checker_env, sizeof checker_env, "RWD_SANDBOX_CHECKER_ID=%d", CHECKER_ID);
            clean_env[5] = checker_env;
        }
        execve(program[0], program, clean_env);
        fail(EXIT_USAGE, "exec %s", program[0]);
    }
    close(sync_pipe[0]);
    char path[64], map[96];
    snprintf(path, sizeof path, "/proc/%d/setgroups", (int)pid);
    write_file(path, "deny");
    if (privileged) snprintf(map, sizeof map, "%d %ld 2\n", CHECKER_ID, opt_uid);
    else snprintf(map, sizeof map, "%d %u 1\n", SANDBOX_ID, uid);
    snprintf(path, sizeof path, "/proc/%d/uid_map", (int)pid);
    write_file(path, map);
    if (!privileged) snprintf(map, sizeof map, "%d %u 1\n", SANDBOX_ID, gid);
    snprintf(path, sizeof path, "/proc/%d/gid_map", (int)pid);
    write_file(path, map);
    if (write(sync_pipe[1], "1", 1) != 1) fail(EXIT_ISOLATE, "start the sandboxed process");
    close(sync_pipe[1]);
    child_pid = pid;
    close(alive[0]);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    return wait_child(pid);
}
