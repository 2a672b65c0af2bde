using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using PostTls.Cli;

namespace PostTls.Check;

/// <summary>
/// Prints the findings, one line each (<c>posttls check: error: TEXT; FIX</c>), then
/// <c>posttls check: ok</c> when nothing fails; or, with --json, one document
/// <c>{"ok": bool, "findings": [{"severity", "area", "text", "fix"}]}</c>.
/// </summary>
internal static class CheckReport
{
    /// <returns>The exit status: 0 when clean, <see cref="ExitCodes.Config"/> when something fails.</returns>
    /// <param name="strict">Warnings fail too.</param>
    public static int Write(IReadOnlyList<Finding> findings, bool strict, bool json, TextWriter output)
    {
        var errors = findings.Count(f => f.Severity == Severity.Error);
        var warnings = findings.Count - errors;
        var ok = errors == 0 && (!strict || warnings == 0);
        if (json)
        {
            output.WriteLine(Json(ok, findings));
        }
        else
        {
            foreach (var finding in findings)
            {
                output.WriteLine(finding);
            }

            output.WriteLine(ok
                ? "posttls check: ok" + (warnings > 0 ? $" ({Count(warnings, "warning")})" : "")
                : $"posttls check: {Count(errors, "error")}, {Count(warnings, "warning")}{(strict && errors == 0 ? " (--strict)" : "")}");
        }

        return ok ? ExitCodes.Ok : ExitCodes.Config;
    }

    private static string Count(int count, string noun) => $"{count} {noun}{(count == 1 ? "" : "s")}";

    private static string Json(bool ok, IReadOnlyList<Finding> findings)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteBoolean("ok", ok);
            writer.WriteStartArray("findings");
            foreach (var finding in findings)
            {
                writer.WriteStartObject();
                writer.WriteString("severity", finding.Severity == Severity.Error ? "error" : "warning");
                writer.WriteString("area", finding.Area);
                writer.WriteString("text", finding.Text);
                writer.WriteString("fix", finding.Fix);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
