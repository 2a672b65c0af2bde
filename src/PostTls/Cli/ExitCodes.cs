namespace PostTls.Cli;

/// <summary>
/// Exit statuses, from sysexits.h. Postfix's pipe(8) defers only on <see cref="TempFail"/>
/// (and EX_OSERR); every other non-zero status bounces, which is why the pipe commands map
/// every failure of their own to <see cref="TempFail"/>.
/// </summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Usage = 64;
    public const int DataError = 65;
    public const int NoInput = 66;
    public const int NoUser = 67;
    public const int Software = 70;
    public const int CannotCreate = 73;
    public const int IoError = 74;
    public const int TempFail = 75;
    public const int NoPermission = 77;
    public const int Config = 78;
}
