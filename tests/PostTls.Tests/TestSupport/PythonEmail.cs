using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;

namespace PostTls.Tests.TestSupport;

/// <summary>
/// Parses messages with Python's email package (Notify/parse_notification.py), so our MIME
/// is checked by an implementation that is not ours.
/// </summary>
internal static class PythonEmail
{
    private static string Python => File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

    public static ParsedMessage Parse(byte[] message) => ParseAll([message])[0];

    public static IReadOnlyList<ParsedMessage> ParseAll(IReadOnlyList<byte[]> messages)
    {
        using var directory = new TempDirectory();
        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Notify", "parse_notification.py"));
        for (var i = 0; i < messages.Count; i++)
        {
            start.ArgumentList.Add(directory.WriteFile($"message{i}.eml", messages[i]));
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException("these tests need python3 (with its standard email package) on PATH or in /usr/bin: " + e.Message, e);
        }

        using (process)
        {
            var error = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"parse_notification.py failed ({process.ExitCode}): {error.Result}");
            }

            using var json = JsonDocument.Parse(output);
            return json.RootElement.EnumerateArray().Select(ParsedMessage.From).ToList();
        }
    }
}
