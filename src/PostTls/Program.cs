// posttls - let senders decide what happens to mail that Postfix cannot deliver encrypted.
// Copyright (C) 2026 The PostTLS authors. AGPL-3.0-or-later; see LICENSE.
using PostTls.Cli;
using PostTls.Commands;

return PostTlsCli.Run(args, CommandHost.OfThisProcess());
