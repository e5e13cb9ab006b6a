/*
 * librwd-checker: what one checker process applies to itself before any model-written code runs in it, and
 * the scratch tmpfs the harness renews. Loaded by the harness (engine/RewardEngine/Sandbox/harness.py) and
 * called in each forked checker process; the harness itself never runs checker code.
 *
 *   int rwd_checker_enter(long id, const char *scratch, long cpu_seconds)
 *                                    enter `scratch`, limit CPU time, switch to uid/gid `id` (-1: keep), drop
 *                                    every capability, no_new_privs, non-dumpable, and install the checker's
 *                                    seccomp filter. 0, or -errno.
 *   int rwd_checker_start(long id, const char *scratch, long cpu_seconds, int result_fd, int output_fd)
 *                                    the whole start of a checker process in one call (no Python runs between
 *                                    its steps, so a fork copies fewer pages): stdin closed, `output_fd` as
 *                                    stdout and stderr, `result_fd` as descriptor 3, every other descriptor
 *                                    closed, then rwd_checker_enter. 0, or -errno.
 *   int rwd_scratch_renew(const char *path, const char *options)
 *                                    detach the tmpfs at `path` and mount a new, empty one. 0, or -errno.
 *   int rwd_checker_filter(void)     1 when rwd_checker_enter installs a syscall filter on this architecture.
 *
 * The checker filter kills the process (SIGSYS, which the harness reports as the check's error) on what a text
 * check never needs and what would reach past its own process: creating a process (fork, vfork, clone without
 * CLONE_THREAD, exec), signalling anything but itself, opening a socket, tracing, namespaces and mounts,
 * changing ids or capabilities, keyrings, BPF, io_uring. Filters stack, so rwd-sandbox's own filter still
 * applies underneath; only threads of its own (clone with CLONE_THREAD) remain possible.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stddef.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/audit.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#ifndef PR_CAP_AMBIENT
#define PR_CAP_AMBIENT 47
#define PR_CAP_AMBIENT_CLEAR_ALL 4
#endif

__attribute__((visibility("default"))) int rwd_checker_filter(void)
{
#if defined(__x86_64__)
    return 1;
#else
    return 0;
#endif
}

#if defined(__x86_64__)
/* Filter pieces. */
#define LD_NR BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr))
#define ARG_LO(i) BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[i]))
#define ARG_HI(i) BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[i]) + 4)
#define KILL BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS)
#define ALLOW BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)

static int install_filter(pid_t self)
{
    /* Signals may only target this process itself: the harness is another process (and PID 1). */
    static const int self_only[] = { __NR_kill, __NR_tgkill, __NR_rt_sigqueueinfo, __NR_rt_tgsigqueueinfo };
    static const int killed[] = {
        __NR_fork, __NR_vfork, __NR_execve, __NR_execveat, __NR_tkill, __NR_pidfd_open, __NR_pidfd_send_signal,
        __NR_pidfd_getfd, __NR_socket, __NR_socketpair, __NR_ptrace, __NR_process_vm_readv, __NR_process_vm_writev,
        __NR_kcmp, __NR_process_madvise, __NR_unshare, __NR_setns, __NR_mount, __NR_umount2, __NR_pivot_root,
        __NR_chroot, __NR_fsopen, __NR_fsmount, __NR_fsconfig, __NR_fspick, __NR_move_mount, __NR_open_tree,
        __NR_mount_setattr, __NR_setuid, __NR_setgid, __NR_setreuid, __NR_setregid, __NR_setresuid,
        __NR_setresgid, __NR_setgroups, __NR_setfsuid, __NR_setfsgid, __NR_capset, __NR_bpf,
        __NR_perf_event_open, __NR_userfaultfd, __NR_keyctl, __NR_add_key, __NR_request_key,
        __NR_io_uring_setup, __NR_io_uring_enter, __NR_io_uring_register, __NR_open_by_handle_at,
        __NR_name_to_handle_at, __NR_kexec_load, __NR_kexec_file_load, __NR_init_module, __NR_finit_module,
        __NR_delete_module, __NR_swapon, __NR_swapoff, __NR_reboot, __NR_acct, __NR_quotactl, __NR_syslog,
        __NR_vhangup,
    };
    /* One comparison per listed call, jumping to shared verdicts at the end: the kernel checks and compiles
     * this program in every checker process, so its length is paid each time. */
    enum { N_SELF = sizeof self_only / sizeof *self_only, N_KILLED = sizeof killed / sizeof *killed };
    enum { HEAD = 6, BODY = HEAD + 1 + N_SELF + N_KILLED };
    enum { AT_KILL = BODY + 1, AT_CLONE = BODY + 2, AT_SELF = BODY + 6, LENGTH = BODY + 12 };
    _Static_assert(AT_SELF < 255, "jump offsets are 8 bits");
    struct sock_filter prog[LENGTH];
    unsigned short n = 0;
#define ADD(x) (prog[n] = (struct sock_filter)x, n++)
#define TO(target) ((unsigned char)((target) - n - 1)) /* from the instruction being added */
    ADD(BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)));
    ADD(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0));
    ADD(KILL);
    ADD(LD_NR);
    ADD(BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x40000000u, 0, 1)); /* the x32 ABI */
    ADD(KILL);
    ADD(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_clone, TO(AT_CLONE), 0));
    for (size_t i = 0; i < N_SELF; i++) ADD(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned)self_only[i], TO(AT_SELF), 0));
    for (size_t i = 0; i < N_KILLED; i++) ADD(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned)killed[i], TO(AT_KILL), 0));
    ADD(ALLOW); /* at BODY: no listed call */
    ADD(KILL);
    /* clone: threads of this process only (glibc falls back to clone when rwd-sandbox's filter refuses clone3). */
    ADD(ARG_LO(0));
    ADD(BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, CLONE_THREAD, 0, 1));
    ADD(ALLOW);
    ADD(KILL);
    /* kill, tgkill, rt_(tg)sigqueueinfo: the target (argument 0, upper half 0) must be this process. */
    ADD(ARG_HI(0));
    ADD(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 3));
    ADD(ARG_LO(0));
    ADD(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned)self, 0, 1));
    ADD(ALLOW);
    ADD(KILL);
    if (n != LENGTH) return -EINVAL;
#undef TO
#undef ADD
    struct sock_fprog fprog = { n, prog };
    return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &fprog, 0, 0) < 0 ? -errno : 0;
}
#endif

__attribute__((visibility("default"))) int rwd_checker_enter(long id, const char *scratch, long cpu_seconds)
{
    if (chdir(scratch) < 0) return -errno;
    struct rlimit cpu = { (rlim_t)cpu_seconds, (rlim_t)cpu_seconds + 1 };
    if (cpu_seconds > 0 && setrlimit(RLIMIT_CPU, &cpu) < 0) return -errno;
    if (id >= 0) {
        if (setresgid((gid_t)id, (gid_t)id, (gid_t)id) < 0) return -errno;
        if (setresuid((uid_t)id, (uid_t)id, (uid_t)id) < 0) return -errno;
    }
    /* The harness may hold capabilities inside its user namespace (to mount scratch space, to switch ids);
     * a checker keeps none of them. */
    if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL) return -errno;
    struct __user_cap_header_struct header = { _LINUX_CAPABILITY_VERSION_3, 0 };
    struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3] = { { 0, 0, 0 } };
    if (syscall(SYS_capset, &header, data) < 0) return -errno;
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) return -errno;
    if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0) return -errno;
#if defined(__x86_64__)
    return install_filter(getpid());
#else
    return 0;
#endif
}

__attribute__((visibility("default"))) int rwd_checker_start(long id, const char *scratch, long cpu_seconds,
                                                            int result_fd, int output_fd)
{
    if (output_fd < 3 || result_fd < 3 || output_fd == result_fd) return -EINVAL;
    if (dup2(output_fd, 1) < 0 || dup2(output_fd, 2) < 0) return -errno;
    if (result_fd != 3 && dup2(result_fd, 3) < 0) return -errno;
    close(0);
    /* Everything above 3 goes: the harness's other pipes and whatever else it holds. */
    if (syscall(SYS_close_range, 4U, ~0U, 0U) < 0) {
        long max = sysconf(_SC_OPEN_MAX);
        for (long fd = 4; fd < (max > 0 ? max : 65536); fd++) close((int)fd);
    }
    return rwd_checker_enter(id, scratch, cpu_seconds);
}

__attribute__((visibility("default"))) int rwd_scratch_renew(const char *path, const char *options)
{
    /* Whatever the last checker left there (files, a full disk, directories of mode 000) goes with the
     * detached mount; nothing is walked or deleted one by one. */
    if (umount2(path, MNT_DETACH) < 0 && errno != EINVAL) return -errno;
    if (mount("rwd-tmp", path, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, options) < 0) return -errno;
    return 0;
}
