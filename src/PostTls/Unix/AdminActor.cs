namespace PostTls.Unix;

/// <summary>Who an administrator's action is recorded as: <c>admin:LOGIN</c>, the person behind sudo if any.</summary>
internal static class AdminActor
{
    public static string Current()
    {
        var login = Environment.GetEnvironmentVariable("SUDO_USER");
        return "admin:" + (string.IsNullOrEmpty(login) ? Environment.UserName : login);
    }
}
