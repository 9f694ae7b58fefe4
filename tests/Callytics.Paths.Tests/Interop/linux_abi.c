/* Prints the Linux ABI values the library's interop uses, as this architecture's C headers define them:
   one "NAME VALUE" line each. Compiled natively and with the arm64 cross compiler by LinuxAbiTests. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>
#include <linux/stat.h>

struct linux_dirent64 { unsigned long long d_ino; long long d_off; unsigned short d_reclen; unsigned char d_type; char d_name[]; };

#define V(name) printf("%s %lld\n", #name, (long long)(name))
#define OFF(type, field, name) printf("%s %lld\n", name, (long long)offsetof(type, field))

int main(void)
{
    V(O_RDONLY); V(O_WRONLY); V(O_CREAT); V(O_EXCL); V(O_NONBLOCK); V(O_DIRECTORY); V(O_NOFOLLOW); V(O_CLOEXEC);
    V(AT_FDCWD); V(AT_SYMLINK_NOFOLLOW); V(AT_EACCESS); V(AT_REMOVEDIR); V(AT_EMPTY_PATH);
    V(R_OK); V(W_OK); V(X_OK);
    V(EPERM); V(ENOENT); V(EINTR); V(EACCES); V(EEXIST); V(EXDEV); V(ENOTDIR); V(EISDIR); V(ENOSPC); V(EROFS); V(ENAMETOOLONG); V(ELOOP); V(EDQUOT);
    V(STATX_BASIC_STATS); V(STATX_MNT_ID); V(STATX_TYPE); V(STATX_SIZE);
    V(S_IFMT); V(S_IFDIR); V(S_IFREG); V(S_IFLNK); V(S_ISUID | S_ISGID);
    V(LOCK_EX); V(LOCK_NB); V(SIGPIPE); V(SIG_SETMASK); V(SEEK_SET);
    printf("sizeof_statx %zu\n", sizeof(struct statx));
    OFF(struct statx, stx_mask, "statx.Mask"); OFF(struct statx, stx_nlink, "statx.LinkCount"); OFF(struct statx, stx_uid, "statx.Uid");
    OFF(struct statx, stx_gid, "statx.Gid"); OFF(struct statx, stx_mode, "statx.Mode"); OFF(struct statx, stx_ino, "statx.Inode");
    OFF(struct statx, stx_size, "statx.Size"); OFF(struct statx, stx_mtime.tv_sec, "statx.ModifiedSeconds");
    OFF(struct statx, stx_ctime.tv_sec, "statx.ChangedSeconds"); OFF(struct statx, stx_ctime.tv_nsec, "statx.ChangedNanoseconds");
    OFF(struct statx, stx_dev_major, "statx.DeviceMajor"); OFF(struct statx, stx_dev_minor, "statx.DeviceMinor"); OFF(struct statx, stx_mnt_id, "statx.MountId");
    printf("sizeof_statvfs %zu\n", sizeof(struct statvfs));
    OFF(struct statvfs, f_bsize, "statvfs.BlockSize"); OFF(struct statvfs, f_frsize, "statvfs.FragmentSize"); OFF(struct statvfs, f_blocks, "statvfs.Blocks");
    OFF(struct statvfs, f_bfree, "statvfs.BlocksFree"); OFF(struct statvfs, f_bavail, "statvfs.BlocksAvailable"); OFF(struct statvfs, f_files, "statvfs.Files");
    OFF(struct statvfs, f_ffree, "statvfs.FilesFree"); OFF(struct statvfs, f_favail, "statvfs.FilesAvailable"); OFF(struct statvfs, f_fsid, "statvfs.FileSystemId");
    OFF(struct statvfs, f_flag, "statvfs.Flags"); OFF(struct statvfs, f_namemax, "statvfs.NameMax");
    OFF(struct linux_dirent64, d_reclen, "dirent64.d_reclen"); OFF(struct linux_dirent64, d_type, "dirent64.d_type"); OFF(struct linux_dirent64, d_name, "dirent64.d_name");
    printf("sizeof_uid_t %zu\n", sizeof(uid_t));
    return 0;
}
