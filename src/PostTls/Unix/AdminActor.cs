namespace PostTls.Unix;

/// <summary>Whom an administrator's action is recorded for (State.Actor.Admin): the person behind sudo if any.</summary>
internal static class AdminActor
{
    /// <param name="variable">Looks up an environment variable (SUDO_USER).</param>
    public static string Login(Func<string, string?> variable)
    {
        var login = variable("SUDO_USER");
        return string.IsNullOrEmpty(login) ? Environment.UserName : login;
    }
}
