using System.Diagnostics;
using System.Text;

namespace PostTls.IntegrationTests.TestBed;

/// <summary>Runs a program with an argument array (never a shell) and captures its output.</summary>
internal static class Command
{
    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public Result EnsureSuccess(string what)
        {
            if (ExitCode != 0)
            {
                throw new InvalidOperationException($"{what} failed with status {ExitCode}: {Error.Trim()} {Output.Trim()}");
            }

            return this;
        }
    }

    public static Result Run(string program, IEnumerable<string> arguments, byte[]? input = null,
        TimeSpan? timeout = null, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var startInfo = new ProcessStartInfo(program)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        if (environment is not null)
        {
            foreach (var (name, value) in environment)
            {
                startInfo.Environment[name] = value;
            }
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"cannot start {program}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            if (input is not null)
            {
                process.StandardInput.BaseStream.Write(input);
            }
        }
        catch (IOException)
        {
            // The program stopped reading; its exit status tells the rest.
        }

        process.StandardInput.Close();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', startInfo.ArgumentList)} did not finish");
        }

        process.WaitForExit();
        return new Result(process.ExitCode, output.Result, error.Result);
    }

    public static Result Run(string program, params string[] arguments) => Run(program, (IEnumerable<string>)arguments);

    /// <summary>Finds a program on PATH or in the sbin directories.</summary>
    public static string? Find(string program)
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "") + ":/usr/sbin:/sbin:/usr/bin";
        return path.Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, program))
            .FirstOrDefault(File.Exists);
    }

    public static string Describe(Result result) =>
        new StringBuilder().Append("status ").Append(result.ExitCode).Append(", stdout: ").Append(result.Output.Trim())
            .Append(", stderr: ").Append(result.Error.Trim()).ToString();
}
