/**
 * A path on the mounted volume that goes through a symbolic link (ntfs-3g shows NTFS junctions and
 * symlinks as links). A hostile volume's link can point anywhere on the admin's machine, so it is
 * never followed: whatever needed the path is unreadable, never absent.
 */
export class VolumeLinkError extends Error {}
