using System.Runtime.InteropServices;

namespace PostTls.Unix;

/// <summary>User and group look-ups and ownership changes, through libc (so NSS sources work too).</summary>
internal static partial class UnixAccounts
{
    // struct passwd / struct group on 64-bit Linux: two char* before uid_t pw_uid, gid_t pw_gid / gid_t gr_gid.
    private const int IdOffset = 2 * 8;

    public static uint? UserId(string name)
    {
        var entry = getpwnam(name);
        return entry == 0 ? null : (uint)Marshal.ReadInt32(entry, IdOffset);
    }

    public static uint? PrimaryGroupOfUser(string name)
    {
        var entry = getpwnam(name);
        return entry == 0 ? null : (uint)Marshal.ReadInt32(entry, IdOffset + 4);
    }

    public static uint? GroupId(string name)
    {
        var entry = getgrnam(name);
        return entry == 0 ? null : (uint)Marshal.ReadInt32(entry, IdOffset);
    }

    /// <exception cref="IOException">chown failed.</exception>
    public static void ChangeOwner(string path, uint user, uint group)
    {
        if (lchown(path, user, group) != 0)
        {
            throw new IOException($"cannot change owner of {path}: {Marshal.GetLastPInvokeErrorMessage()}");
        }
    }

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint getpwnam(string name);

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint getgrnam(string name);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int lchown(string path, uint owner, uint group);

}
