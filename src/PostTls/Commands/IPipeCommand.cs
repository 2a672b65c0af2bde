namespace PostTls.Commands;

/// <summary>
/// Marks commands run by Postfix's pipe(8). For them any failure of their own — even a usage
/// error or an unexpected exception — must end with <see cref="FailureExitCode"/>, a status
/// that makes Postfix defer rather than bounce.
/// </summary>
internal interface IPipeCommand
{
    int FailureExitCode { get; }
}
