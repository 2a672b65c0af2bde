namespace PostTls.Unix;

/// <summary>What <see cref="SmallFile.Read"/> found: the bytes, or why they were not read, or nothing at all.</summary>
internal sealed record SmallFileContent(byte[]? Bytes, string? Refusal)
{
    public static readonly SmallFileContent Missing = new(null, null);

    public bool IsMissing => Bytes is null && Refusal is null;
}

/// <summary>
/// Reads a small file that someone else may have planted, as root must: opened relative to a
/// checked directory with O_NOFOLLOW|O_NONBLOCK (a symbolic link is refused, a FIFO does not
/// block the open), then judged on the open descriptor: a regular file, of the expected owner,
/// with exactly one link (a hard link to someone else's file is not theirs to hand in), and no
/// larger than the limit. Only then is it read, and never more than the limit.
/// </summary>
internal static unsafe class SmallFile
{
    private const int Flags = NativeFiles.ReadOnly | NativeFiles.NonBlocking | NativeFiles.NoControllingTerminal | NativeFiles.CloseOnExec;

    public static SmallFileContent Read(DirectoryHandle directory, string name, uint owner, int maxBytes)
    {
        using var file = directory.OpenEntry(name, Flags | NativeFiles.NoFollow, 0, out var errno);
        if (file is null)
        {
            return errno == NativeFiles.NoSuchEntry ? SmallFileContent.Missing : Refused(DirectoryHandle.Reason(errno));
        }

        var status = DescriptorStatus.Of(file);
        if (Problem(status, owner, maxBytes) is { } problem)
        {
            return Refused(problem);
        }

        var bytes = new byte[maxBytes + 1];
        var total = 0;
        fixed (byte* buffer = bytes)
        {
            while (total < bytes.Length)
            {
                var count = NativeFiles.read(file, buffer + total, (nuint)(bytes.Length - total));
                if (count < 0)
                {
                    var readErrno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
                    return Refused("cannot be read: " + NativeFiles.Describe(readErrno));
                }

                if (count == 0)
                {
                    break;
                }

                total += (int)count;
            }
        }

        // It may have grown since fstat: what is past the limit is never taken.
        return total > maxBytes ? Refused($"it grew past {maxBytes} bytes while being read") : new SmallFileContent(bytes[..total], null);
    }

    /// <summary>Why an open file is not trusted; null when it is.</summary>
    internal static string? Problem(DescriptorStatus status, uint owner, int maxBytes)
    {
        if (status.Kind != FileKind.Regular)
        {
            return "it is " + DescriptorStatus.Describe(status.Kind);
        }

        if (status.UserId != owner)
        {
            return $"it is owned by uid {status.UserId}, not {owner}";
        }

        if (status.Links != 1)
        {
            return $"it has {status.Links} hard links";
        }

        return status.Size > maxBytes ? $"it has {status.Size} bytes, more than {maxBytes}" : null;
    }

    private static SmallFileContent Refused(string why) => new(null, why);
}
