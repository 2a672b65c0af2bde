using PostTls.Cli;
using PostTls.Unix;

namespace PostTls.Setup;

/// <summary>The unprivileged account the pipe commands run as (user=posttls in master.cf).</summary>
internal sealed record ServiceAccount(uint UserId, uint GroupId)
{
    public const string Name = "posttls";

    /// <exception cref="Problem">The account does not exist.</exception>
    public static ServiceAccount Find()
    {
        var user = UnixAccounts.UserId(Name)
            ?? throw new Problem(
                $"posttls init: user {Name} does not exist; create it first: useradd --system --user-group --home-dir /nonexistent --shell /usr/sbin/nologin {Name}",
                ExitCodes.NoUser);
        var group = UnixAccounts.GroupId(Name) ?? UnixAccounts.PrimaryGroupOfUser(Name) ?? 0;
        return new ServiceAccount(user, group);
    }
}
