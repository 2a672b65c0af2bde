using System.Runtime.InteropServices;

namespace PostTls.Unix;

/// <summary>
/// Random bytes from the kernel's getrandom(2), the source RandomNumberGenerator draws from
/// too. Called directly because on Linux RandomNumberGenerator goes through OpenSSL, and
/// loading it costs the per-message filter about 3 ms for the 10 bytes of a tag's id (see
/// bench/README.md). Blocks only before the kernel's pool is first initialised, at boot.
/// </summary>
internal static unsafe partial class SystemRandom
{
    private const int Interrupted = 4; // EINTR

    public static byte[] GetBytes(int count)
    {
        var bytes = new byte[count];
        Fill(bytes);
        return bytes;
    }

    /// <exception cref="IOException">The kernel refused (it never does for these sizes on Linux 3.17 and later).</exception>
    public static void Fill(Span<byte> bytes)
    {
        fixed (byte* start = bytes)
        {
            var done = 0;
            while (done < bytes.Length)
            {
                var got = getrandom(start + done, (nuint)(bytes.Length - done), 0);
                if (got < 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno == Interrupted)
                    {
                        continue;
                    }

                    throw new IOException($"getrandom: {NativeFiles.Describe(errno)}");
                }

                done += (int)got;
            }
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint getrandom(byte* buffer, nuint length, uint flags);
}
