using PostTls.Unix;

namespace PostTls.Configuration;

/// <summary>
/// posttls.conf decides which programs posttls runs (sendmail_path, run by root for notices),
/// which directories root writes, and, with template_directory, what notices say. So posttls
/// uses these files only when nobody but root (and the user it runs as) can change them:
/// the file, the template directory and its templates, and every directory above them
/// (<see cref="TrustedPath"/>). <c>posttls check</c> reports the same problems as findings.
/// </summary>
internal static class ConfigTrust
{
    /// <summary>The first file that others can change: what it is (e.g. "configuration file /etc/posttls/posttls.conf") and why; null when there is none.</summary>
    public static (string What, PathProblem Problem)? Problem(PostTlsSettings settings, IReadOnlySet<uint> trustedOwners, IFileProbe files)
    {
        if (TrustedPath.Problem(settings.SourceFile, trustedOwners, files) is { } configProblem)
        {
            return ($"configuration file {settings.SourceFile}", configProblem);
        }

        var templates = settings.TemplateDirectory;
        if (templates.Length == 0)
        {
            return null;
        }

        if (TrustedPath.Problem(templates, trustedOwners, files) is { } directoryProblem)
        {
            return ($"template_directory {templates}", directoryProblem);
        }

        foreach (var file in TemplateFiles(templates))
        {
            if (TrustedPath.Problem(file, trustedOwners, files) is { } fileProblem)
            {
                return ($"template {file}", fileProblem);
            }
        }

        return null;
    }

    /// <exception cref="ConfigException">Something cannot be trusted.</exception>
    public static void Require(PostTlsSettings settings)
    {
        if (Problem(settings, TrustedPath.TrustedOwners(), HostFiles.Instance) is var (what, problem))
        {
            throw new ConfigException(
                $"refusing to use {what}: {problem.Why}; only root may be able to change it or a directory above it ({problem.Fix})");
        }
    }

    private static IEnumerable<string> TemplateFiles(string directory)
    {
        try
        {
            return Directory.GetFiles(directory).Where(f => f.EndsWith(".txt", StringComparison.Ordinal) || f.EndsWith(".html", StringComparison.Ordinal)).ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return []; // the notices fall back to the built-in texts and say why
        }
    }
}
