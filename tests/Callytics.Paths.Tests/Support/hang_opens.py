"""Makes every open in one directory hang, as on a dead NFS server, until this process ends.

A fanotify permission listener (FAN_OPEN_PERM on the directory and its entries) that never answers: the kernel
holds each open until the listener replies or goes away. Needs CAP_SYS_ADMIN. Prints "ready" once the mark is set.
"""
import ctypes
import os
import signal
import sys

libc = ctypes.CDLL(None, use_errno=True)
libc.fanotify_mark.argtypes = [ctypes.c_int, ctypes.c_uint, ctypes.c_uint64, ctypes.c_int, ctypes.c_char_p]
FAN_CLOEXEC, FAN_CLASS_CONTENT = 0x1, 0x4
FAN_MARK_ADD = 0x1
FAN_OPEN_PERM, FAN_EVENT_ON_CHILD, FAN_ONDIR = 0x10000, 0x08000000, 0x40000000
AT_FDCWD = -100

fd = libc.fanotify_init(FAN_CLASS_CONTENT | FAN_CLOEXEC, os.O_RDONLY)
if fd < 0:
    sys.exit("fanotify_init: " + os.strerror(ctypes.get_errno()))
if libc.fanotify_mark(fd, FAN_MARK_ADD, FAN_OPEN_PERM | FAN_EVENT_ON_CHILD | FAN_ONDIR, AT_FDCWD, sys.argv[1].encode()) < 0:
    sys.exit("fanotify_mark: " + os.strerror(ctypes.get_errno()))
print("ready", flush=True)
signal.sigwait({signal.SIGTERM, signal.SIGINT})
