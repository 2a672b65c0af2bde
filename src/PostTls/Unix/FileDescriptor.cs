using System.Runtime.InteropServices;

namespace PostTls.Unix;

/// <summary>
/// An open file descriptor, closed when disposed. Not SafeFileHandle: that one counts 0 as
/// invalid, and this wraps what openat returns unchanged.
/// </summary>
internal sealed class FileDescriptor : SafeHandle
{
    public FileDescriptor(int fd)
        : base(-1, ownsHandle: true)
    {
        SetHandle(fd);
    }

    public override bool IsInvalid => handle == -1;

    protected override bool ReleaseHandle() => NativeFiles.close((int)handle) == 0;
}
