"""Mounts a FUSE filesystem that answers INIT and nothing else, as a hung FUSE or network volume does.

Every request after INIT is read and never answered: a thread that touches the mount waits in the kernel
(request_wait_answer) in uninterruptible sleep, which no signal ends, until this process ends and the connection
is aborted. Needs root and /dev/fuse. Usage: hang_fuse.py MOUNTPOINT. Prints "ready" once mounted; on SIGTERM or
SIGINT it unmounts (lazily) and exits, which releases every waiting thread.
"""
import ctypes
import os
import signal
import struct
import sys
import threading

libc = ctypes.CDLL(None, use_errno=True)
libc.mount.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_ulong, ctypes.c_char_p]
libc.umount2.argtypes = [ctypes.c_char_p, ctypes.c_int]
MS_NOSUID, MS_NODEV, MNT_DETACH = 0x2, 0x4, 0x2
FUSE_INIT = 26
IN_HEADER = struct.Struct("<IIQQIIII")   # len, opcode, unique, nodeid, uid, gid, pid, padding
OUT_HEADER = struct.Struct("<IiQ")       # len, error, unique
INIT_OUT = struct.Struct("<IIIIHHIIHHI7I")  # major, minor, max_readahead, flags, max_background, congestion, max_write, time_gran, max_pages, map_alignment, flags2, unused

target = sys.argv[1]
signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM, signal.SIGINT})
fd = os.open("/dev/fuse", os.O_RDWR)
options = f"fd={fd},rootmode=40000,user_id=0,group_id=0,allow_other".encode()
if libc.mount(b"hung", target.encode(), b"fuse", MS_NOSUID | MS_NODEV, options) != 0:
    sys.exit("mount: " + os.strerror(ctypes.get_errno()))


def serve():
    while True:
        try:
            request = os.read(fd, 1 << 20)
        except OSError:
            return
        length, opcode, unique = IN_HEADER.unpack_from(request)[:3]
        if opcode == FUSE_INIT:
            body = INIT_OUT.pack(7, 31, 0, 0, 1, 1, 131072, 1, 32, 0, 0, *([0] * 7))
            os.write(fd, OUT_HEADER.pack(OUT_HEADER.size + len(body), 0, unique) + body)
            print("ready", flush=True)
        # every other request is read and never answered


threading.Thread(target=serve, daemon=True).start()
signal.sigwait({signal.SIGTERM, signal.SIGINT})
libc.umount2(target.encode(), MNT_DETACH)
os._exit(0)
