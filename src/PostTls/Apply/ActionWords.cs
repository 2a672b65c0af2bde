using PostTls.Tagging;

namespace PostTls.Apply;

/// <summary>A decision's action as the log, the audit and the administrator's alert name it.</summary>
internal static class ActionWords
{
    public static string For(SenderAction action) => action == SenderAction.Release ? "send without encryption" : "delete";
}
