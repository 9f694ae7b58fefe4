"""Writes a mountinfo table of N entries to stdout, in one of two shapes:

docker   an overlay root and bind mounts under /mnt, every tenth stacked on the one before (the default);
kubelet  a busy Kubernetes node's own table: per pod a kube-api-access projected tmpfs, emptyDirs (some
         medium: Memory with size=...k), a CSI volume and its global mount, the sandbox's shm and each container's
         overlay rootfs under /run/containerd, with long /var/lib/kubelet/pods/<uid>/volumes/... mount points,
         shared:N / master:N optional fields and tmpfs super options.

Both are deterministic (a fixed seed), so runs compare."""
import random
import sys
import uuid

if len(sys.argv) > 1 and sys.argv[1] in ("-h", "--help"):
    print(__doc__)
    sys.exit(0)

n = int(sys.argv[1])
shape = sys.argv[2] if len(sys.argv) > 2 else "docker"
out = sys.stdout.write

if shape == "docker":
    out("1 0 0:20 / / rw,relatime - overlay overlay rw,lowerdir=/l1:/l2,upperdir=/u,workdir=/w\n")
    for i in range(1, n):
        parent = i if i % 10 == 0 else 1
        point = f"/mnt/d{i - 1}" if i % 10 == 0 else f"/mnt/d{i}"
        out(f"{i + 1} {parent} 8:{i % 256} /var/lib/docker/volumes/v{i}/_data {point} rw,relatime shared:{i} - ext4 /dev/sda1 rw,errors=remount-ro\n")
elif shape == "kubelet":
    rng = random.Random(19)
    lines = [
        "22 1 259:1 / / rw,relatime shared:1 - ext4 /dev/nvme0n1p1 rw,discard,errors=remount-ro",
        "23 22 0:21 / /sys rw,nosuid,nodev,noexec,relatime shared:7 - sysfs sysfs rw",
        "24 22 0:22 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw",
        "25 22 0:5 / /dev rw,nosuid,relatime shared:2 - devtmpfs udev rw,size=8029756k,nr_inodes=2007439,mode=755,inode64",
        "26 22 0:25 / /run rw,nosuid,nodev,noexec,relatime shared:5 - tmpfs tmpfs rw,size=1610656k,mode=755,inode64",
        "27 22 259:2 / /var/lib/kubelet rw,relatime shared:30 - ext4 /dev/nvme0n1p2 rw,discard",
        "28 22 259:3 / /var/lib/containerd rw,relatime shared:31 - ext4 /dev/nvme0n1p3 rw,discard",
    ]
    next_id, minor, shared = 29, 100, 100

    def add(parent, device, root, point, options, optional, fstype, source, sup):
        global next_id
        lines.append(f"{next_id} {parent} {device} {root} {point} {options} {optional} - {fstype} {source} {sup}")
        next_id += 1

    while len(lines) < n:
        pod = uuid.UUID(int=rng.getrandbits(128), version=4)
        volumes = f"/var/lib/kubelet/pods/{pod}/volumes"
        minor += 1; shared += 1
        add(27, f"0:{minor}", "/", f"{volumes}/kubernetes.io~projected/kube-api-access-{rng.getrandbits(20):05x}",
            "rw,relatime", f"shared:{shared}", "tmpfs", "tmpfs", f"rw,size={rng.choice([1024, 16384, 65536])}k,inode64")
        for name in rng.sample(["cache", "tmp", "scratch", "audio-temp", "sessions", "work"], rng.randint(1, 3)):
            minor += 1; shared += 1
            if rng.random() < 0.5:
                add(27, f"0:{minor}", "/", f"{volumes}/kubernetes.io~empty-dir/{name}", "rw,relatime", f"shared:{shared}",
                    "tmpfs", "tmpfs", f"rw,size={rng.choice([1024, 65536, 524288])}k,inode64")
        if rng.random() < 0.3:
            claim = uuid.UUID(int=rng.getrandbits(128), version=4)
            shared += 1
            disk, device = rng.randint(1, 9), f"259:{rng.randint(10, 60)}"
            add(27, device, "/", f"/var/lib/kubelet/plugins/kubernetes.io/csi/ebs.csi.aws.com/{claim.hex}/globalmount",
                "rw,relatime", f"shared:{shared}", "ext4", f"/dev/nvme{disk}n1", "rw")
            add(27, device, "/", f"{volumes}/kubernetes.io~csi/pvc-{claim}/mount", "rw,relatime", f"shared:{shared}",
                "ext4", f"/dev/nvme{disk}n1", "rw")
        sandbox = f"{rng.getrandbits(256):064x}"
        minor += 1; shared += 1
        add(26, f"0:{minor}", "/", f"/run/containerd/io.containerd.grpc.v1.cri/sandboxes/{sandbox}/shm",
            "rw,nosuid,nodev,noexec,relatime", f"shared:{shared}", "tmpfs", "shm", "rw,size=65536k,inode64")
        for _ in range(rng.randint(1, 2)):
            task = f"{rng.getrandbits(256):064x}"
            minor += 1; shared += 1
            layers = ":".join(f"/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/{rng.randint(1, 9999)}/fs" for _ in range(3))
            add(26, f"0:{minor}", "/", f"/run/containerd/io.containerd.runtime.v2.task/k8s.io/{task}/rootfs", "rw,relatime",
                f"master:{rng.randint(1, 30)}", "overlay", "overlay",
                f"rw,lowerdir={layers},upperdir=/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/{minor}/fs,"
                f"workdir=/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/{minor}/work")
    out("\n".join(lines[:n]) + "\n")
else:
    sys.exit(f"unknown shape {shape!r}: docker or kubelet")
