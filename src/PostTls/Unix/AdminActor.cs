namespace PostTls.Unix;

/// <summary>Whom an administrator's action is recorded for (State.Actor.Admin): the person behind sudo if any.</summary>
internal static class AdminActor
{
    public static string Login()
    {
        var login = Environment.GetEnvironmentVariable("SUDO_USER");
        return string.IsNullOrEmpty(login) ? Environment.UserName : login;
    }
}
