namespace PostTls.Unix;

/// <summary>Who an administrator's action is recorded as: <c>admin:LOGIN</c>, the person behind sudo if any.</summary>
internal static class AdminActor
{
    /// <param name="variable">Looks up an environment variable (SUDO_USER).</param>
    public static string Current(Func<string, string?> variable)
    {
        var login = variable("SUDO_USER");
        return "admin:" + (string.IsNullOrEmpty(login) ? Environment.UserName : login);
    }
}
