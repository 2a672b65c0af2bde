using PostTls.Apply;
using PostTls.Logging;
using PostTls.Notify;
using PostTls.Postfix;
using PostTls.Run;
using PostTls.State;
using PostTls.Tagging;

namespace PostTls.IntegrationTests.TestBed;

/// <summary>Carries out decisions in process against the test bed, with a queue the test chooses (e.g. one that crashes).</summary>
internal static class ApplyHarness
{
    public static T WithApplier<T>(PostfixTestBed bed, Func<IPostfixQueue, IPostfixQueue> wrap, Func<DecisionApplier, StateDatabase, T> action)
    {
        var settings = bed.Settings();
        using var queue = wrap(PostfixQueue.For(settings));
        using var database = StateDatabase.Open(settings.DataDirectory);
        var composer = new NotificationComposer(new NotificationOptions("en", "Mail Delivery System <MAILER-DAEMON@mail.posttls.test>", "mail.posttls.test", ""), TimeProvider.System);
        var context = new RunContext(settings, queue, database, TimeProvider.System, MailLog.For("apply", settings, TimeProvider.System, TextWriter.Null),
            SecretKey.Load(settings.SecretKeyFile), MailIdentity.Fixed(PostfixTestBed.ActionDomain, composer), DryRun: false, TextWriter.Null);
        return action(new DecisionApplier(context), database);
    }

    public static TrackedMessage Tracked(PostfixTestBed bed, string marker)
    {
        using var database = StateDatabase.Open(bed.Settings().DataDirectory);
        using var command = database.Command("SELECT message_key FROM messages WHERE message_id_header LIKE $p", ("$p", $"%{marker}%"));
        var key = (string?)command.ExecuteScalar() ?? throw new InvalidOperationException($"message {marker} is not tracked");
        return new MessageStore(database).FindByKey(key)!;
    }
}
