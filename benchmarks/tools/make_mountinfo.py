"""Writes a mountinfo table of N entries (an overlay root and binds under /mnt, every tenth stacked) to stdout."""
import sys

n = int(sys.argv[1])
print("1 0 0:20 / / rw,relatime - overlay overlay rw,lowerdir=/l1:/l2,upperdir=/u,workdir=/w")
for i in range(1, n):
    parent = i if i % 10 == 0 else 1
    point = f"/mnt/d{i - 1}" if i % 10 == 0 else f"/mnt/d{i}"
    print(f"{i + 1} {parent} 8:{i % 256} /var/lib/docker/volumes/v{i}/_data {point} rw,relatime shared:{i} - ext4 /dev/sda1 rw,errors=remount-ro")
