"""Make a dirty hive and an old-format (DIRT) transaction log from two hivex-written hives.

No real old-format log is available to the tests, so one is constructed as the format
specification describes it (msuhanov/regf, "Old format"): BEFORE is the hive as last written to
disk, AFTER is the same hive after more edits by hivex. The result is
  OUT          = BEFORE with its primary sequence number raised by one (a write that started and
                 never finished: Windows then calls the hive dirty), checksum recomputed;
  OUT.LOG1     = base block of AFTER (file type 1, both sequence numbers = the new one, BEFORE's
                 Last written timestamp, checksum recomputed), then "DIRT" and a bitmap with one
                 bit per 512-byte page of AFTER's hive bins data, set where AFTER differs from
                 BEFORE, then those pages in bit order, starting at the next 512-byte boundary.
Replaying OUT.LOG1 onto OUT must give AFTER's keys and values, which hivex reads from AFTER.

Usage: /usr/bin/python3 make-dirt-log.py BEFORE AFTER OUT
"""
import struct
import sys


def checksum(block):
    c = 0
    for (g,) in struct.iter_unpack("<I", block[:508]):
        c ^= g
    return 0xFFFFFFFE if c == 0xFFFFFFFF else (1 if c == 0 else c)


def seal(block):
    block[508:512] = struct.pack("<I", checksum(block))


def main(before_path, after_path, out):
    before = bytearray(open(before_path, "rb").read())
    after = open(after_path, "rb").read()
    seq = struct.unpack_from("<I", before, 4)[0] + 1
    stamp = before[12:20]

    dirty = bytearray(before)
    struct.pack_into("<I", dirty, 4, seq)
    seal(dirty)
    open(out, "wb").write(dirty)

    size = struct.unpack_from("<I", after, 40)[0]
    base = bytearray(after[:512])
    struct.pack_into("<II", base, 4, seq, seq)
    base[12:20] = stamp
    struct.pack_into("<I", base, 28, 1)
    seal(base)

    pages = size // 512
    bitmap = bytearray((pages + 7) // 8)
    data = bytearray()
    for i in range(pages):
        at = 4096 + i * 512
        if after[at:at + 512] != bytes(before[at:at + 512]):
            bitmap[i >> 3] |= 1 << (i & 7)
            data += after[at:at + 512]
    vector = b"DIRT" + bytes(bitmap)
    vector += bytes(-len(vector) % 512)
    with open(out + ".LOG1", "wb") as f:
        f.write(bytes(base) + vector + bytes(data))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3])
