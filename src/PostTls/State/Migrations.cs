namespace PostTls.State;

/// <summary>
/// The schema, as numbered steps. A database is brought up to the newest step when it is
/// opened; steps are never edited once released, only added.
/// </summary>
internal static class Migrations
{
    public static IReadOnlyList<string> Steps { get; } =
    [
        // 1: the first schema.
        """
        CREATE TABLE messages (
            id INTEGER PRIMARY KEY,
            message_key TEXT NOT NULL UNIQUE,   -- tag id (16 base32 chars), or derived for untagged mail
            tag TEXT,                           -- the verified X-PostTLS-ID, NULL for untagged mail
            queue_id TEXT NOT NULL,             -- current queue ID; changes when the message is requeued
            arrival_time INTEGER NOT NULL,      -- as postqueue -j reports it
            sender TEXT NOT NULL,
            subject TEXT NOT NULL DEFAULT '',   -- RFC 2047-decoded
            date_header TEXT,
            message_id_header TEXT,
            state TEXT NOT NULL,                -- see MessageState
            first_seen INTEGER NOT NULL,
            first_notice_at INTEGER,
            reminders_sent INTEGER NOT NULL DEFAULT 0,
            deadline INTEGER,
            missing_since INTEGER,              -- first sweep that did not see it in the queue
            outcome TEXT,
            closed_at INTEGER
        );
        CREATE INDEX messages_queue ON messages (queue_id, arrival_time);
        CREATE INDEX messages_state ON messages (state);
        CREATE TABLE recipients (
            message INTEGER NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
            address TEXT NOT NULL,
            failure_class TEXT NOT NULL,
            host TEXT,
            server_reply TEXT,
            delay_reason TEXT NOT NULL,
            never_insecure INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (message, address)
        );
        CREATE TABLE notifications (
            message INTEGER NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
            kind TEXT NOT NULL,                 -- notice, reminder-N, deadline, never-insecure, admin-alert
            sent_at INTEGER NOT NULL,
            recipient TEXT NOT NULL,
            PRIMARY KEY (message, kind)
        );
        CREATE TABLE decisions (
            id INTEGER PRIMARY KEY,
            message INTEGER NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
            action TEXT NOT NULL,
            decided_by TEXT NOT NULL,
            decided_at INTEGER NOT NULL,
            applied_at INTEGER,
            result TEXT
        );
        CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY,
            at INTEGER NOT NULL,
            message INTEGER REFERENCES messages (id) ON DELETE SET NULL,
            queue_id TEXT,
            actor TEXT NOT NULL,                -- sweep, sender:<address>, admin:<login>
            action TEXT NOT NULL,
            detail TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX audit_at ON audit_log (at);
        CREATE TABLE never_insecure_domains (
            domain TEXT PRIMARY KEY,            -- lower case; a leading dot also matches subdomains
            added_at INTEGER NOT NULL,
            added_by TEXT NOT NULL
        );
        """,

        // 2: carrying out decisions step by step (release in groups per next hop).
        """
        ALTER TABLE decisions ADD COLUMN file TEXT;
        ALTER TABLE decisions ADD COLUMN step TEXT NOT NULL DEFAULT 'accepted';
        CREATE UNIQUE INDEX decisions_file ON decisions (file);
        CREATE INDEX decisions_message ON decisions (message);
        CREATE TABLE releases (
            id INTEGER PRIMARY KEY,
            decision INTEGER NOT NULL REFERENCES decisions (id) ON DELETE CASCADE,
            nexthop TEXT,                       -- NULL: recipients resubmitted unchanged, through normal routing
            recipients TEXT NOT NULL,           -- one address per line
            new_queue_id TEXT,                  -- from the listener's "queued as"; '-' when it named none
            submitted_at INTEGER
        );
        """,

        // 3: a decision that cannot be carried out ends cleanly, and hands back what it took.
        """
        ALTER TABLE decisions ADD COLUMN prior_state TEXT;      -- the message's state when the decision was accepted; restored if it fails
        ALTER TABLE decisions ADD COLUMN was_on_hold INTEGER;   -- release: 1 when the message was on hold before apply held it; NULL until looked at
        ALTER TABLE decisions ADD COLUMN retry_since INTEGER;   -- first transient failure since the last step; release_retry_time counts from it
        """,

        // 4: choices made once: remembered per recipient domain, or at send time (RFC 8689's "TLS-Required: No").
        """
        ALTER TABLE messages ADD COLUMN tls_required_no INTEGER NOT NULL DEFAULT 0;  -- verified mail that carried "TLS-Required: No"
        ALTER TABLE decisions ADD COLUMN only_domains TEXT;     -- release: only the recipients in these domains (one per line); NULL: all
        CREATE TABLE remembered_choices (
            id INTEGER PRIMARY KEY,
            choice_key TEXT NOT NULL UNIQUE,    -- 16 base32 characters: names the choice in forget addresses
            sender TEXT NOT NULL,               -- canonical envelope address (EnvelopeAddress.Canonical)
            domain TEXT NOT NULL,               -- lower case, A-labels; exactly this domain, not its subdomains
            scope TEXT NOT NULL,                -- the failure groups it covers: no-tls, certificate (space separated)
            made_at INTEGER NOT NULL,
            message INTEGER REFERENCES messages (id) ON DELETE SET NULL,  -- the message whose notice offered it
            expires_at INTEGER NOT NULL,
            ended_at INTEGER,                   -- forgotten or revoked
            ended_by TEXT,                      -- an Actor
            uses INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX remembered_choices_sender ON remembered_choices (sender, domain);
        """,

        // 5: every sweep reads the messages that are not closed, and looks for reused tags in
        // the audit log; the closed messages and the audit rows, which only grow, stay out of
        // its way (SQLite uses a partial index for "state <> 'closed'").
        """
        CREATE INDEX messages_unclosed ON messages (id) WHERE state <> 'closed';
        CREATE INDEX audit_action ON audit_log (action);
        """,
    ];
}
