<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name></name>
    <message>
        <source>&lt;h3&gt;Users&lt;/h3&gt;</source>
        <translation>&lt;h3&gt;Users&lt;/h3&gt;</translation>
    </message>
    <message>
        <source>User</source>
        <translation>User</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Job title</source>
        <translation>Job title</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>Roles</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Signing key</source>
        <translation>Signing key</translation>
    </message>
    <message>
        <source>none yet (made at the next login)</source>
        <translation>none yet (made at the next login)</translation>
    </message>
    <message>
        <source>(awaiting endorsement)</source>
        <translation>(awaiting endorsement)</translation>
    </message>
    <message>
        <source>deactivated</source>
        <translation>deactivated</translation>
    </message>
    <message>
        <source>locked until {time}</source>
        <translation>locked until {time}</translation>
    </message>
    <message>
        <source>locked until an administrator unlocks</source>
        <translation>locked until an administrator unlocks</translation>
    </message>
    <message>
        <source>must change password</source>
        <translation>must change password</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Working-day calendar&lt;/h3&gt;</source>
        <translation>&lt;h3&gt;Working-day calendar&lt;/h3&gt;</translation>
    </message>
    <message>
        <source>Import that year&apos;s holidays and make-up days from CSV…</source>
        <translation>Import that year&apos;s holidays and make-up days from CSV…</translation>
    </message>
    <message>
        <source>Add user…</source>
        <translation>Add user…</translation>
    </message>
    <message>
        <source>Change roles…</source>
        <translation>Change roles…</translation>
    </message>
    <message>
        <source>Deactivate…</source>
        <translation>Deactivate…</translation>
    </message>
    <message>
        <source>Reactivate…</source>
        <translation>Reactivate…</translation>
    </message>
    <message>
        <source>Reset password…</source>
        <translation>Reset password…</translation>
    </message>
    <message>
        <source>Unlock…</source>
        <translation>Unlock…</translation>
    </message>
    <message>
        <source>Endorse key…</source>
        <translation>Endorse key…</translation>
    </message>
    <message>
        <source>Select a user in the table first.</source>
        <translation>Select a user in the table first.</translation>
    </message>
    <message>
        <source>Created {username}. Temporary password: {password} — hand it over; it must be changed at the first login.</source>
        <translation>Created {username}. Temporary password: {password} — hand it over; it must be changed at the first login.</translation>
    </message>
    <message>
        <source>Roles of {username} changed.</source>
        <translation>Roles of {username} changed.</translation>
    </message>
    <message>
        <source>Deactivate</source>
        <translation>Deactivate</translation>
    </message>
    <message>
        <source>{username} will no longer log in or sign; the account, its records and its signatures stay.</source>
        <translation>{username} will no longer log in or sign; the account, its records and its signatures stay.</translation>
    </message>
    <message>
        <source>{username} deactivated.</source>
        <translation>{username} deactivated.</translation>
    </message>
    <message>
        <source>Reactivate</source>
        <translation>Reactivate</translation>
    </message>
    <message>
        <source>{username} will be able to log in again.</source>
        <translation>{username} will be able to log in again.</translation>
    </message>
    <message>
        <source>{username} reactivated.</source>
        <translation>{username} reactivated.</translation>
    </message>
    <message>
        <source>Unlock {username} now and clear the failed attempts.</source>
        <translation>Unlock {username} now and clear the failed attempts.</translation>
    </message>
    <message>
        <source>{username} unlocked.</source>
        <translation>{username} unlocked.</translation>
    </message>
    <message>
        <source>The signing key of {username} is endorsed.</source>
        <translation>The signing key of {username} is endorsed.</translation>
    </message>
    <message>
        <source>Temporary password of {username}: {password} — hand it over; it must be changed at the next login.</source>
        <translation>Temporary password of {username}: {password} — hand it over; it must be changed at the next login.</translation>
    </message>
    <message>
        <source>Required; kept in the audit trail</source>
        <translation>Required; kept in the audit trail</translation>
    </message>
    <message>
        <source>Change roles</source>
        <translation>Change roles</translation>
    </message>
    <message>
        <source>Roles of {username}. An administrator account holds no signer role, and nobody changes their own roles.</source>
        <translation>Roles of {username}. An administrator account holds no signer role, and nobody changes their own roles.</translation>
    </message>
    <message>
        <source>Generate</source>
        <translation>Generate</translation>
    </message>
    <message>
        <source>Endorse signing key</source>
        <translation>Endorse signing key</translation>
    </message>
    <message>
        <source>Ask {username} to read out the fingerprint of their signing key (Settings › My signing key…), and type it here. Compare it in person, not from this table.</source>
        <translation>Ask {username} to read out the fingerprint of their signing key (Settings › My signing key…), and type it here. Compare it in person, not from this table.</translation>
    </message>
    <message>
        <source>Endorse</source>
        <translation>Endorse</translation>
    </message>
    <message>
        <source>Fingerprint</source>
        <translation>Fingerprint</translation>
    </message>
    <message>
        <source>Reset password</source>
        <translation>Reset password</translation>
    </message>
    <message>
        <source>A temporary password for {username}: write it down and hand it over; it serves only to choose a new password at the next login.</source>
        <translation>A temporary password for {username}: write it down and hand it over; it serves only to choose a new password at the next login.</translation>
    </message>
    <message>
        <source>Temporary password</source>
        <translation>Temporary password</translation>
    </message>
    <message>
        <source>Add user</source>
        <translation>Add user</translation>
    </message>
    <message>
        <source>Create user</source>
        <translation>Create user</translation>
    </message>
    <message>
        <source>The temporary password is shown so that you can hand it over; the user must choose their own at the first login. User names are never reused.</source>
        <translation>The temporary password is shown so that you can hand it over; the user must choose their own at the first login. User names are never reused.</translation>
    </message>
    <message>
        <source>First run: the office&apos;s users</source>
        <translation>First run: the office&apos;s users</translation>
    </message>
    <message>
        <source>The administrator is created. Now create the office&apos;s users: inspectors, the QA head, the quality VP, reception. Each gets a temporary password that you hand over; they choose their own at their first login. You can add users later on the Administration page too.</source>
        <translation>The administrator is created. Now create the office&apos;s users: inspectors, the QA head, the quality VP, reception. Each gets a temporary password that you hand over; they choose their own at their first login. You can add users later on the Administration page too.</translation>
    </message>
    <message>
        <source>Add a user…</source>
        <translation>Add a user…</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>First users of the office</source>
        <translation>First users of the office</translation>
    </message>
    <message>
        <source>{username}: temporary password {password}</source>
        <translation>{username}: temporary password {password}</translation>
    </message>
    <message>
        <source>Add another user…</source>
        <translation>Add another user…</translation>
    </message>
    <message>
        <source>Confirm the clock</source>
        <translation>Confirm the clock</translation>
    </message>
    <message>
        <source>Confirm only after checking the computer&apos;s date, time and time zone. The confirmation is kept in the audit trail with your name and reason.</source>
        <translation>Confirm only after checking the computer&apos;s date, time and time zone. The confirmation is kept in the audit trail with your name and reason.</translation>
    </message>
    <message>
        <source>Administrator&apos;s user name</source>
        <translation>Administrator&apos;s user name</translation>
    </message>
    <message>
        <source>Choose the calendar CSV</source>
        <translation>Choose the calendar CSV</translation>
    </message>
    <message>
        <source>Cannot read the file: {exc}</source>
        <translation>Cannot read the file: {exc}</translation>
    </message>
    <message>
        <source>active</source>
        <translation>active</translation>
    </message>
    <message>
        <source>&lt;p style=&apos;color:#b71c1c&apos;&gt;The public holidays of {next_year} are not entered: working days in that year count Monday–Friday. Enter the State Council&apos;s schedule from a CSV file (date,kind,name).&lt;/p&gt;</source>
        <translation>&lt;p style=&apos;color:#b71c1c&apos;&gt;The public holidays of {next_year} are not entered: working days in that year count Monday–Friday. Enter the State Council&apos;s schedule from a CSV file (date,kind,name).&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Known years: {span}&lt;/p&gt;</source>
        <translation>&lt;p&gt;Known years: {span}&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Cannot open the database {db_path}: {exc}</source>
        <translation>Cannot open the database {db_path}: {exc}</translation>
    </message>
    <message>
        <source>The computer&apos;s clock ({now}) is earlier than the newest entry of the audit trail ({newest}). Nothing can be saved until an administrator confirms the clock. Check the computer&apos;s date, time and time zone first.</source>
        <translation>The computer&apos;s clock ({now}) is earlier than the newest entry of the audit trail ({newest}). Nothing can be saved until an administrator confirms the clock. Check the computer&apos;s date, time and time zone first.</translation>
    </message>
    <message>
        <source>Confirm the clock (administrator)…</source>
        <translation>Confirm the clock (administrator)…</translation>
    </message>
    <message>
        <source>The check could not read the file to the end ({0}). The file may be damaged: run a full verify, and restore the latest backup that verifies if it fails.</source>
        <translation>The check could not read the file to the end ({0}). The file may be damaged: run a full verify, and restore the latest backup that verifies if it fails.</translation>
    </message>
    <message>
        <source>SQLite&apos;s check of the file found damage: {0}</source>
        <translation>SQLite&apos;s check of the file found damage: {0}</translation>
    </message>
    <message>
        <source>Checking the file…</source>
        <translation>Checking the file…</translation>
    </message>
    <message>
        <source>Verifying the file… {done} of {total} audit entries</source>
        <translation>Verifying the file… {done} of {total} audit entries</translation>
    </message>
    <message>
        <source>Verifying the file…</source>
        <translation>Verifying the file…</translation>
    </message>
    <message>
        <source>The full verify found {problems} problems.</source>
        <translation>The full verify found {problems} problems.</translation>
    </message>
    <message>
        <source>The full verify found nothing inside the file ({entries} audit entries); the warning stands.</source>
        <translation>The full verify found nothing inside the file ({entries} audit entries); the warning stands.</translation>
    </message>
    <message>
        <source>Verified: all checks hold ({entries} audit entries).</source>
        <translation>Verified: all checks hold ({entries} audit entries).</translation>
    </message>
    <message>
        <source>Checked at start.</source>
        <translation>Checked at start.</translation>
    </message>
    <message>
        <source>Integrity problem (&lt;a href=&quot;report&quot;&gt;see the report&lt;/a&gt;): {problem}</source>
        <translation>Integrity problem (&lt;a href=&quot;report&quot;&gt;see the report&lt;/a&gt;): {problem}</translation>
    </message>
    <message>
        <source>Tell the QA head — integrity problem: {problem}</source>
        <translation>Tell the QA head — integrity problem: {problem}</translation>
    </message>
    <message>
        <source>Integrity check</source>
        <translation>Integrity check</translation>
    </message>
    <message>
        <source>a noted chain head: COUNT:HASH</source>
        <translation>a noted chain head: COUNT:HASH</translation>
    </message>
    <message>
        <source>The check of this file at start found:</source>
        <translation>The check of this file at start found:</translation>
    </message>
    <message>
        <source>The check of this file found:</source>
        <translation>The check of this file found:</translation>
    </message>
    <message>
        <source>What to do: run a full verify (it runs in the background, its progress in the status bar); compare the file with a chain head noted outside it (printed on every record, in every periodic review and in the backup log); if the file was cut back or altered, the administrator restores the latest backup that verifies. This alarm is recorded in the audit trail.</source>
        <translation>What to do: run a full verify (it runs in the background, its progress in the status bar); compare the file with a chain head noted outside it (printed on every record, in every periodic review and in the backup log); if the file was cut back or altered, the administrator restores the latest backup that verifies. This alarm is recorded in the audit trail.</translation>
    </message>
    <message>
        <source>Compare with this head</source>
        <translation>Compare with this head</translation>
    </message>
    <message>
        <source>Run a full verify now</source>
        <translation>Run a full verify now</translation>
    </message>
    <message>
        <source>Restore a backup…</source>
        <translation>Restore a backup…</translation>
    </message>
    <message>
        <source>Accept this file as it is…</source>
        <translation>Accept this file as it is…</translation>
    </message>
    <message>
        <source>Accept this file as it is</source>
        <translation>Accept this file as it is</translation>
    </message>
    <message>
        <source>Why is this file, as it is now, the office&apos;s? (recorded in the audit trail with the anchors it replaces)</source>
        <translation>Why is this file, as it is now, the office&apos;s? (recorded in the audit trail with the anchors it replaces)</translation>
    </message>
    <message>
        <source>Recorded. This workstation now remembers the file as it is; the next start checks the whole trail against it.</source>
        <translation>Recorded. This workstation now remembers the file as it is; the next start checks the whole trail against it.</translation>
    </message>
    <message>
        <source>The full verify runs in the background; the status bar shows its progress.</source>
        <translation>The full verify runs in the background; the status bar shows its progress.</translation>
    </message>
    <message>
        <source>Not a chain head: write it as COUNT:HASH (the entry count, a colon and 64 hex digits).</source>
        <translation>Not a chain head: write it as COUNT:HASH (the entry count, a colon and 64 hex digits).</translation>
    </message>
    <message>
        <source>The file still holds the noted head {head}.</source>
        <translation>The file still holds the noted head {head}.</translation>
    </message>
    <message>
        <source>The database {path} cannot be opened: {problem}</source>
        <translation>The database {path} cannot be opened: {problem}</translation>
    </message>
    <message>
        <source>Contact the administrator.</source>
        <translation>Contact the administrator.</translation>
    </message>
    <message>
        <source>Log in as the administrator to restore it? The damaged file is kept aside.</source>
        <translation>Log in as the administrator to restore it? The damaged file is kept aside.</translation>
    </message>
    <message>
        <source>Restore that backup</source>
        <translation>Restore that backup</translation>
    </message>
    <message>
        <source>the file could not be opened ({problem}); it is kept aside as {aside}</source>
        <translation>the file could not be opened ({problem}); it is kept aside as {aside}</translation>
    </message>
    <message>
        <source>Restored {name}; the damaged file is kept as {aside}.</source>
        <translation>Restored {name}; the damaged file is kept as {aside}.</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>user name</source>
        <translation>user name</translation>
    </message>
    <message>
        <source>complaint no.</source>
        <translation>complaint no.</translation>
    </message>
    <message>
        <source>From</source>
        <translation>From</translation>
    </message>
    <message>
        <source>to</source>
        <translation>to</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Show</translation>
    </message>
    <message>
        <source>At</source>
        <translation>At</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Routine entries (collapsed into counts)</source>
        <translation>Routine entries (collapsed into counts)</translation>
    </message>
    <message>
        <source>◀ Newer entries</source>
        <translation>◀ Newer entries</translation>
    </message>
    <message>
        <source>Older entries ▶</source>
        <translation>Older entries ▶</translation>
    </message>
    <message>
        <source>Findings (&quot;none&quot; when there are none)</source>
        <translation>Findings (&quot;none&quot; when there are none)</translation>
    </message>
    <message>
        <source>Sign the review of this period…</source>
        <translation>Sign the review of this period…</translation>
    </message>
    <message>
        <source>Entries {first}–{last} (counting the period…)</source>
        <translation>Entries {first}–{last} (counting the period…)</translation>
    </message>
    <message>
        <source>Entries {first}–{last} of {total}</source>
        <translation>Entries {first}–{last} of {total}</translation>
    </message>
    <message>
        <source>No entries listed for this period.</source>
        <translation>No entries listed for this period.</translation>
    </message>
    <message>
        <source>(content removed with the destruction)</source>
        <translation>(content removed with the destruction)</translation>
    </message>
    <message>
        <source>Electronic signature</source>
        <translation>Electronic signature</translation>
    </message>
    <message>
        <source>Meaning: the audit trail of this period was reviewed. Enter your password again:</source>
        <translation>Meaning: the audit trail of this period was reviewed. Enter your password again:</translation>
    </message>
    <message>
        <source>Signed the audit-trail review of {date_from} to {date_to}.</source>
        <translation>Signed the audit-trail review of {date_from} to {date_to}.</translation>
    </message>
    <message>
        <source>Backup and restore</source>
        <translation>Backup and restore</translation>
    </message>
    <message>
        <source>Back up now</source>
        <translation>Back up now</translation>
    </message>
    <message>
        <source>Restore the selected backup…</source>
        <translation>Restore the selected backup…</translation>
    </message>
    <message>
        <source>Restore from a file…</source>
        <translation>Restore from a file…</translation>
    </message>
    <message>
        <source>Backup folder: {folder}; keeping the last {keep}; last backup: {last}</source>
        <translation>Backup folder: {folder}; keeping the last {keep}; last backup: {last}</translation>
    </message>
    <message>
        <source>never</source>
        <translation>never</translation>
    </message>
    <message>
        <source>Backed up to {path} (SHA-256 {sha256}…)</source>
        <translation>Backed up to {path} (SHA-256 {sha256}…)</translation>
    </message>
    <message>
        <source>Backing up…</source>
        <translation>Backing up…</translation>
    </message>
    <message>
        <source>Select a backup in the list first.</source>
        <translation>Select a backup in the list first.</translation>
    </message>
    <message>
        <source>Choose a backup file</source>
        <translation>Choose a backup file</translation>
    </message>
    <message>
        <source>Replace the current data with the backup {name}?
The backup is verified first and the current data is kept aside. Log in again afterwards.</source>
        <translation>Replace the current data with the backup {name}?
The backup is verified first and the current data is kept aside. Log in again afterwards.</translation>
    </message>
    <message>
        <source>Restored. The data before the restore is kept in {aside}. Restart QA Desk.</source>
        <translation>Restored. The data before the restore is kept in {aside}. Restart QA Desk.</translation>
    </message>
    <message>
        <source>Verifying and restoring…</source>
        <translation>Verifying and restoring…</translation>
    </message>
    <message>
        <source>Restore this file of another installation anyway? Its users, keys and records replace this installation&apos;s; the decision and its reason are recorded in the audit trail.</source>
        <translation>Restore this file of another installation anyway? Its users, keys and records replace this installation&apos;s; the decision and its reason are recorded in the audit trail.</translation>
    </message>
    <message>
        <source>Restore it (administrator&apos;s decision)…</source>
        <translation>Restore it (administrator&apos;s decision)…</translation>
    </message>
    <message>
        <source>Why is another installation&apos;s file restored?</source>
        <translation>Why is another installation&apos;s file restored?</translation>
    </message>
    <message>
        <source>PDF files cannot be shown inside QA Desk on this computer (the Qt PDF module is not installed: {reason}). The file was opened in the system&apos;s viewer instead.</source>
        <translation>PDF files cannot be shown inside QA Desk on this computer (the Qt PDF module is not installed: {reason}). The file was opened in the system&apos;s viewer instead.</translation>
    </message>
    <message>
        <source>Attachment: {name}</source>
        <translation>Attachment: {name}</translation>
    </message>
    <message>
        <source>Fit to window</source>
        <translation>Fit to window</translation>
    </message>
    <message>
        <source>Actual size</source>
        <translation>Actual size</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>Zoom in</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>Zoom out</translation>
    </message>
    <message>
        <source>Open in the system viewer</source>
        <translation>Open in the system viewer</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>QA Desk could not read this PDF ({name}); it was opened in the system&apos;s viewer.</source>
        <translation>QA Desk could not read this PDF ({name}); it was opened in the system&apos;s viewer.</translation>
    </message>
    <message>
        <source>Daily backup…</source>
        <translation>Daily backup…</translation>
    </message>
    <message>
        <source>Backing up before exit…</source>
        <translation>Backing up before exit…</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>Not classified</source>
        <translation>Not classified</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>Batch</translation>
    </message>
    <message>
        <source>overdue</source>
        <translation>overdue</translation>
    </message>
    <message>
        <source>due soon</source>
        <translation>due soon</translation>
    </message>
    <message>
        <source>met</source>
        <translation>met</translation>
    </message>
    <message>
        <source>met late</source>
        <translation>met late</translation>
    </message>
    <message>
        <source>due</source>
        <translation>due</translation>
    </message>
    <message>
        <source> (calendar unknown {warning})</source>
        <translation> (calendar unknown {warning})</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>Receipt</translation>
    </message>
    <message>
        <source>Classification</source>
        <translation>Classification</translation>
    </message>
    <message>
        <source>History</source>
        <translation>History</translation>
    </message>
    <message>
        <source>Investigation</source>
        <translation>Investigation</translation>
    </message>
    <message>
        <source>Root cause &amp; risk</source>
        <translation>Root cause &amp; risk</translation>
    </message>
    <message>
        <source>Market action &amp; CAPA</source>
        <translation>Market action &amp; CAPA</translation>
    </message>
    <message>
        <source>Review &amp; signatures</source>
        <translation>Review &amp; signatures</translation>
    </message>
    <message>
        <source>Reply &amp; closure</source>
        <translation>Reply &amp; closure</translation>
    </message>
    <message>
        <source>Kept until {date}</source>
        <translation>Kept until {date}</translation>
    </message>
    <message>
        <source>Legal hold: {reason}</source>
        <translation>Legal hold: {reason}</translation>
    </message>
    <message>
        <source>Void requested by {who} at {at}: {reason} — waiting for the QA head&apos;s signed approval</source>
        <translation>Void requested by {who} at {at}: {reason} — waiting for the QA head&apos;s signed approval</translation>
    </message>
    <message>
        <source>Acknowledge…</source>
        <translation>Acknowledge…</translation>
    </message>
    <message>
        <source>Acknowledge this Class I complaint</source>
        <translation>Acknowledge this Class I complaint</translation>
    </message>
    <message>
        <source>Correct the receipt…</source>
        <translation>Correct the receipt…</translation>
    </message>
    <message>
        <source>Void…</source>
        <translation>Void…</translation>
    </message>
    <message>
        <source>Ask to void…</source>
        <translation>Ask to void…</translation>
    </message>
    <message>
        <source>Approve the void (sign)…</source>
        <translation>Approve the void (sign)…</translation>
    </message>
    <message>
        <source>Decline the void…</source>
        <translation>Decline the void…</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <source>Imported from the old ledger</source>
        <translation>Imported from the old ledger</translation>
    </message>
    <message>
        <source>Ledger number</source>
        <translation>Ledger number</translation>
    </message>
    <message>
        <source>Origin</source>
        <translation>Origin</translation>
    </message>
    <message>
        <source>Handled by (ledger)</source>
        <translation>Handled by (ledger)</translation>
    </message>
    <message>
        <source>✓ Saved ({tab}) at {time}</source>
        <translation>✓ Saved ({tab}) at {time}</translation>
    </message>
    <message>
        <source>✓ Saved at {time}</source>
        <translation>✓ Saved at {time}</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>Unsaved changes</translation>
    </message>
    <message>
        <source>Changes on these tabs are not saved: {tabs}. Save them?</source>
        <translation>Changes on these tabs are not saved: {tabs}. Save them?</translation>
    </message>
    <message>
        <source>Void</source>
        <translation>Void</translation>
    </message>
    <message>
        <source>Why is this complaint void? (audited)</source>
        <translation>Why is this complaint void? (audited)</translation>
    </message>
    <message>
        <source>Ask to void</source>
        <translation>Ask to void</translation>
    </message>
    <message>
        <source>Why should this complaint be voided? The QA head decides and signs.</source>
        <translation>Why should this complaint be voided? The QA head decides and signs.</translation>
    </message>
    <message>
        <source>Decline the void</source>
        <translation>Decline the void</translation>
    </message>
    <message>
        <source>Why is it declined?</source>
        <translation>Why is it declined?</translation>
    </message>
    <message>
        <source>void the complaint</source>
        <translation>void the complaint</translation>
    </message>
    <message>
        <source>Received at</source>
        <translation>Received at</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Channel</translation>
    </message>
    <message>
        <source>First contact</source>
        <translation>First contact</translation>
    </message>
    <message>
        <source>Complainant type</source>
        <translation>Complainant type</translation>
    </message>
    <message>
        <source>Complainant</source>
        <translation>Complainant</translation>
    </message>
    <message>
        <source>Anonymous</source>
        <translation>Anonymous</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>Contact</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Product</translation>
    </message>
    <message>
        <source>Manufactured</source>
        <translation>Manufactured</translation>
    </message>
    <message>
        <source>Expiry</source>
        <translation>Expiry</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Quantity</translation>
    </message>
    <message>
        <source>Where bought</source>
        <translation>Where bought</translation>
    </message>
    <message>
        <source>Storage and use</source>
        <translation>Storage and use</translation>
    </message>
    <message>
        <source>Complaint</source>
        <translation>Complaint</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>Request</translation>
    </message>
    <message>
        <source>Complaint text</source>
        <translation>Complaint text</translation>
    </message>
    <message>
        <source>Sample</source>
        <translation>Sample</translation>
    </message>
    <message>
        <source>available</source>
        <translation>available</translation>
    </message>
    <message>
        <source>none</source>
        <translation>none</translation>
    </message>
    <message>
        <source>Adverse event</source>
        <translation>Adverse event</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>yes</translation>
    </message>
    <message>
        <source>no</source>
        <translation>no</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>Acknowledged</translation>
    </message>
    <message>
        <source>From the defect type</source>
        <translation>From the defect type</translation>
    </message>
    <message>
        <source>From the class</source>
        <translation>From the class</translation>
    </message>
    <message>
        <source>Investigate</source>
        <translation>Investigate</translation>
    </message>
    <message>
        <source>Reportable to an authority</source>
        <translation>Reportable to an authority</translation>
    </message>
    <message>
        <source>Reason for the change (required, audited)</source>
        <translation>Reason for the change (required, audited)</translation>
    </message>
    <message>
        <source>Nature</source>
        <translation>Nature</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>Defect type</source>
        <translation>Defect type</translation>
    </message>
    <message>
        <source>Class (override)</source>
        <translation>Class (override)</translation>
    </message>
    <message>
        <source>Override reason</source>
        <translation>Override reason</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Priority</translation>
    </message>
    <message>
        <source>Reportability rationale</source>
        <translation>Reportability rationale</translation>
    </message>
    <message>
        <source>Save classification</source>
        <translation>Save classification</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Save changes</source>
        <translation>Save changes</translation>
    </message>
    <message>
        <source>The status or your role does not allow changes.</source>
        <translation>The status or your role does not allow changes.</translation>
    </message>
    <message>
        <source>Acknowledge</source>
        <translation>Acknowledge</translation>
    </message>
    <message>
        <source>How the complainant was told</source>
        <translation>How the complainant was told</translation>
    </message>
    <message>
        <source>On hold since</source>
        <translation>On hold since</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Batches on hold ({holds})&lt;/h3&gt;&lt;p&gt;Not shipped or sold; lifting a hold needs the QA head&apos;s signature.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Batches on hold ({holds})&lt;/h3&gt;&lt;p&gt;Not shipped or sold; lifting a hold needs the QA head&apos;s signature.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Import a complaint ledger</source>
        <translation>Import a complaint ledger</translation>
    </message>
    <message>
        <source>No file chosen</source>
        <translation>No file chosen</translation>
    </message>
    <message>
        <source>Load map…</source>
        <translation>Load map…</translation>
    </message>
    <message>
        <source>Save map…</source>
        <translation>Save map…</translation>
    </message>
    <message>
        <source>File as read</source>
        <translation>File as read</translation>
    </message>
    <message>
        <source>What each column of the file is. Recognised headers are chosen already; a highlighted one could mean two fields: choose which. Required fields are marked *.</source>
        <translation>What each column of the file is. Recognised headers are chosen already; a highlighted one could mean two fields: choose which. Required fields are marked *.</translation>
    </message>
    <message>
        <source>Words in the file&apos;s vocabulary columns that the app does not know: say what each means, or leave it and the dry run lists its rows.</source>
        <translation>Words in the file&apos;s vocabulary columns that the app does not know: say what each means, or leave it and the dry run lists its rows.</translation>
    </message>
    <message>
        <source>Dry run report</source>
        <translation>Dry run report</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>Import…</translation>
    </message>
    <message>
        <source>Columns ({n} to choose)</source>
        <translation>Columns ({n} to choose)</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>Columns</translation>
    </message>
    <message>
        <source>Values ({n} not known)</source>
        <translation>Values ({n} not known)</translation>
    </message>
    <message>
        <source>Values</source>
        <translation>Values</translation>
    </message>
    <message>
        <source>The map or the options changed since the dry run: run it again before importing.</source>
        <translation>The map or the options changed since the dry run: run it again before importing.</translation>
    </message>
    <message>
        <source>Reading {name}…</source>
        <translation>Reading {name}…</translation>
    </message>
    <message>
        <source>No dry run yet: it checks every row and writes nothing.</source>
        <translation>No dry run yet: it checks every row and writes nothing.</translation>
    </message>
    <message>
        <source>Check the columns and values, then run the dry run.</source>
        <translation>Check the columns and values, then run the dry run.</translation>
    </message>
    <message>
        <source>Save the import map</source>
        <translation>Save the import map</translation>
    </message>
    <message>
        <source>Import map (*.json)</source>
        <translation>Import map (*.json)</translation>
    </message>
    <message>
        <source>Map saved to {path}</source>
        <translation>Map saved to {path}</translation>
    </message>
    <message>
        <source>Load an import map</source>
        <translation>Load an import map</translation>
    </message>
    <message>
        <source>Map loaded from {path}</source>
        <translation>Map loaded from {path}</translation>
    </message>
    <message>
        <source>The map names no known field for these columns, so they keep their own reading: {headers}</source>
        <translation>The map names no known field for these columns, so they keep their own reading: {headers}</translation>
    </message>
    <message>
        <source>Dry run: checking every row…</source>
        <translation>Dry run: checking every row…</translation>
    </message>
    <message>
        <source>Correct the file or the map (columns, values, options) and run the dry run again.</source>
        <translation>Correct the file or the map (columns, values, options) and run the dry run again.</translation>
    </message>
    <message>
        <source>Nothing to import.</source>
        <translation>Nothing to import.</translation>
    </message>
    <message>
        <source>Ready: Import writes exactly these records, after you confirm.</source>
        <translation>Ready: Import writes exactly these records, after you confirm.</translation>
    </message>
    <message>
        <source>Import {file} now?

{summary}

Everything is written in one step; nothing is written unless you answer Yes.</source>
        <translation>Import {file} now?

{summary}

Everything is written in one step; nothing is written unless you answer Yes.</translation>
    </message>
    <message>
        <source>The import was refused; nothing was written.</source>
        <translation>The import was refused; nothing was written.</translation>
    </message>
    <message>
        <source>Imported {n} (closed history {closed}, open {open}).</source>
        <translation>Imported {n} (closed history {closed}, open {open}).</translation>
    </message>
    <message>
        <source>Choose a file (.xlsx / .csv)…</source>
        <translation>Choose a file (.xlsx / .csv)…</translation>
    </message>
    <message>
        <source>Column in the file</source>
        <translation>Column in the file</translation>
    </message>
    <message>
        <source>First values</source>
        <translation>First values</translation>
    </message>
    <message>
        <source>Import as</source>
        <translation>Import as</translation>
    </message>
    <message>
        <source> or </source>
        <translation> or </translation>
    </message>
    <message>
        <source>(choose: {names})</source>
        <translation>(choose: {names})</translation>
    </message>
    <message>
        <source>(keep as extra field)</source>
        <translation>(keep as extra field)</translation>
    </message>
    <message>
        <source>(leave out)</source>
        <translation>(leave out)</translation>
    </message>
    <message>
        <source>This header could mean more than one field: choose which in “Import as”.</source>
        <translation>This header could mean more than one field: choose which in “Import as”.</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Field</translation>
    </message>
    <message>
        <source>Value in the file</source>
        <translation>Value in the file</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>Rows</translation>
    </message>
    <message>
        <source>(not recognised: a problem in the dry run)</source>
        <translation>(not recognised: a problem in the dry run)</translation>
    </message>
    <message>
        <source>Year first (2025-04-02, 2025/4/2)</source>
        <translation>Year first (2025-04-02, 2025/4/2)</translation>
    </message>
    <message>
        <source>Month/day/year (04/02/2025 is 2 April)</source>
        <translation>Month/day/year (04/02/2025 is 2 April)</translation>
    </message>
    <message>
        <source>Day/month/year (04/02/2025 is 4 February)</source>
        <translation>Day/month/year (04/02/2025 is 4 February)</translation>
    </message>
    <message>
        <source>Ask me: stop and list the rows</source>
        <translation>Ask me: stop and list the rows</translation>
    </message>
    <message>
        <source>Keep it as a reference and give a new number</source>
        <translation>Keep it as a reference and give a new number</translation>
    </message>
    <message>
        <source>Skip the row</source>
        <translation>Skip the row</translation>
    </message>
    <message>
        <source>Options</source>
        <translation>Options</translation>
    </message>
    <message>
        <source>Import everything as open</source>
        <translation>Import everything as open</translation>
    </message>
    <message>
        <source>Every row comes in as an open complaint with its deadlines; the closed and reply dates are kept as extra fields.</source>
        <translation>Every row comes in as an open complaint with its deadlines; the closed and reply dates are kept as extra fields.</translation>
    </message>
    <message>
        <source>(none: the file says)</source>
        <translation>(none: the file says)</translation>
    </message>
    <message>
        <source>Date order</source>
        <translation>Date order</translation>
    </message>
    <message>
        <source>When a number is already used</source>
        <translation>When a number is already used</translation>
    </message>
    <message>
        <source>Channel for rows without one</source>
        <translation>Channel for rows without one</translation>
    </message>
    <message>
        <source>skip</source>
        <translation>skip</translation>
    </message>
    <message>
        <source>Choose a file to see its rows as they will be read.</source>
        <translation>Choose a file to see its rows as they will be read.</translation>
    </message>
    <message>
        <source>Rows the reader skips (not errors):</source>
        <translation>Rows the reader skips (not errors):</translation>
    </message>
    <message>
        <source>Header in row {row}; {n} data row(s); the first {shown} below, numbered as in the sheet.</source>
        <translation>Header in row {row}; {n} data row(s); the first {shown} below, numbered as in the sheet.</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(none)</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>Row</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>Comes in as</source>
        <translation>Comes in as</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>Click a line to read it whole; a row&apos;s line also selects the row in the table.</source>
        <translation>Click a line to read it whole; a row&apos;s line also selects the row in the table.</translation>
    </message>
    <message>
        <source>{title} — {n} row(s)</source>
        <translation>{title} — {n} row(s)</translation>
    </message>
    <message>
        <source>Row {row}: {problems}</source>
        <translation>Row {row}: {problems}</translation>
    </message>
    <message>
        <source>… and {n} more row(s): see the table below</source>
        <translation>… and {n} more row(s): see the table below</translation>
    </message>
    <message>
        <source>Columns not imported as fields ({n})</source>
        <translation>Columns not imported as fields ({n})</translation>
    </message>
    <message>
        <source>Row {row}: skipped {number} ({why})</source>
        <translation>Row {row}: skipped {number} ({why})</translation>
    </message>
    <message>
        <source>Rows skipped ({n})</source>
        <translation>Rows skipped ({n})</translation>
    </message>
    <message>
        <source>{status} (history)</source>
        <translation>{status} (history)</translation>
    </message>
    <message>
        <source>open ({status})</source>
        <translation>open ({status})</translation>
    </message>
    <message>
        <source>Dry run (writes nothing)</source>
        <translation>Dry run (writes nothing)</translation>
    </message>
    <message>
        <source>Filter by product, strength or batch</source>
        <translation>Filter by product, strength or batch</translation>
    </message>
    <message>
        <source>Add batch…</source>
        <translation>Add batch…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>Edit…</translation>
    </message>
    <message>
        <source>Import file…</source>
        <translation>Import file…</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Batch register ({total})&lt;/h3&gt;</source>
        <translation>&lt;h3&gt;Batch register ({total})&lt;/h3&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Product, batch, dates and the quantity released: the denominators of the complaint rates. The intake wizard completes the dates from here.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Product, batch, dates and the quantity released: the denominators of the complaint rates. The intake wizard completes the dates from here.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Showing {shown} of {total}.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Showing {shown} of {total}.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Imported {file}: {summary}</source>
        <translation>Imported {file}: {summary}</translation>
    </message>
    <message>
        <source>Import batches</source>
        <translation>Import batches</translation>
    </message>
    <message>
        <source>Spreadsheets (*.xlsx *.csv);;All files (*)</source>
        <translation>Spreadsheets (*.xlsx *.csv);;All files (*)</translation>
    </message>
    <message>
        <source>Change batch</source>
        <translation>Change batch</translation>
    </message>
    <message>
        <source>Add batch</source>
        <translation>Add batch</translation>
    </message>
    <message>
        <source>Required when a saved value changes; kept in the audit trail</source>
        <translation>Required when a saved value changes; kept in the audit trail</translation>
    </message>
    <message>
        <source>Save</source>
        <comment>batch</comment>
        <translation>Save</translation>
    </message>
    <message>
        <source>Year first only (2025-03-18)</source>
        <translation>Year first only (2025-03-18)</translation>
    </message>
    <message>
        <source>Day/month/year (18/03/2025)</source>
        <translation>Day/month/year (18/03/2025)</translation>
    </message>
    <message>
        <source>Month/day/year (03/18/2025)</source>
        <translation>Month/day/year (03/18/2025)</translation>
    </message>
    <message>
        <source>File: {name}</source>
        <translation>File: {name}</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Import</translation>
    </message>
    <message>
        <source>Dates such as 04/02/2025</source>
        <translation>Dates such as 04/02/2025</translation>
    </message>
    <message>
        <source>Reading the file…</source>
        <translation>Reading the file…</translation>
    </message>
    <message>
        <source>Dry run</source>
        <translation>Dry run</translation>
    </message>
    <message>
        <source>Dry run: {summary}. Nothing has been written.</source>
        <translation>Dry run: {summary}. Nothing has been written.</translation>
    </message>
    <message>
        <source>Correct the rows listed below in the file and choose it again: a file with a refused row is not imported at all.</source>
        <translation>Correct the rows listed below in the file and choose it again: a file with a refused row is not imported at all.</translation>
    </message>
    <message>
        <source>Importing batches</source>
        <translation>Importing batches</translation>
    </message>
    <message>
        <source>Choose the ledger</source>
        <translation>Choose the ledger</translation>
    </message>
    <message>
        <source>create</source>
        <translation>create</translation>
    </message>
    <message>
        <source>problem</source>
        <translation>problem</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>Importing…</translation>
    </message>
    <message>
        <source>(choose)</source>
        <translation>(choose)</translation>
    </message>
    <message>
        <source>Receiver</source>
        <translation>Receiver</translation>
    </message>
    <message>
        <source>First-contact person (if different)</source>
        <translation>First-contact person (if different)</translation>
    </message>
    <message>
        <source>The complainant was told we received it</source>
        <translation>The complainant was told we received it</translation>
    </message>
    <message>
        <source>(how)</source>
        <translation>(how)</translation>
    </message>
    <message>
        <source>How</source>
        <translation>How</translation>
    </message>
    <message>
        <source>Receipt</source>
        <comment>wizard page</comment>
        <translation>Receipt</translation>
    </message>
    <message>
        <source>How</source>
        <comment>acknowledgement</comment>
        <translation>How</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Anonymous (no reply owed)</source>
        <translation>Anonymous (no reply owed)</translation>
    </message>
    <message>
        <source>Contact person</source>
        <translation>Contact person</translation>
    </message>
    <message>
        <source>Strength</source>
        <translation>Strength</translation>
    </message>
    <message>
        <source>Package form</source>
        <translation>Package form</translation>
    </message>
    <message>
        <source>unit (box, bottle…)</source>
        <translation>unit (box, bottle…)</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>Purchase date</source>
        <translation>Purchase date</translation>
    </message>
    <message>
        <source>Last 12 months: {same_batch} on this batch, {rows} on this product</source>
        <translation>Last 12 months: {same_batch} on this batch, {rows} on this product</translation>
    </message>
    <message>
        <source>batch</source>
        <translation>batch</translation>
    </message>
    <message>
        <source>product</source>
        <translation>product</translation>
    </message>
    <message>
        <source>The complaint</source>
        <translation>The complaint</translation>
    </message>
    <message>
        <source>Complaint (the complainant&apos;s words)</source>
        <translation>Complaint (the complainant&apos;s words)</translation>
    </message>
    <message>
        <source>What the complainant asks for</source>
        <translation>What the complainant asks for</translation>
    </message>
    <message>
        <source>How it was stored and used</source>
        <translation>How it was stored and used</translation>
    </message>
    <message>
        <source>Sample available</source>
        <translation>Sample available</translation>
    </message>
    <message>
        <source>Sample requested</source>
        <translation>Sample requested</translation>
    </message>
    <message>
        <source>Adverse reaction/event occurred</source>
        <translation>Adverse reaction/event occurred</translation>
    </message>
    <message>
        <source>Add attachment (photo, scan)…</source>
        <translation>Add attachment (photo, scan)…</translation>
    </message>
    <message>
        <source>Attachments (drop files here)</source>
        <translation>Attachments (drop files here)</translation>
    </message>
    <message>
        <source>Remove the selected attachment</source>
        <translation>Remove the selected attachment</translation>
    </message>
    <message>
        <source>Choose attachments</source>
        <translation>Choose attachments</translation>
    </message>
    <message>
        <source>Initial check</source>
        <translation>Initial check</translation>
    </message>
    <message>
        <source>Our product, within expiry/responsibility (in scope)</source>
        <translation>Our product, within expiry/responsibility (in scope)</translation>
    </message>
    <message>
        <source>Why out of scope</source>
        <translation>Why out of scope</translation>
    </message>
    <message>
        <source>Possible duplicates (same batch or product, similar text, last 30 days): tick to link, leave unticked to dismiss</source>
        <translation>Possible duplicates (same batch or product, similar text, last 30 days): tick to link, leave unticked to dismiss</translation>
    </message>
    <message>
        <source>The QA inspector checks for duplicates when classifying the complaint.</source>
        <translation>The QA inspector checks for duplicates when classifying the complaint.</translation>
    </message>
    <message>
        <source>similarity</source>
        <translation>similarity</translation>
    </message>
    <message>
        <source>No possible duplicates found.</source>
        <translation>No possible duplicates found.</translation>
    </message>
    <message>
        <source>Suggested class</source>
        <translation>Suggested class</translation>
    </message>
    <message>
        <source>Use the suggested class</source>
        <translation>Use the suggested class</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>Class</translation>
    </message>
    <message>
        <source>Written reason for another class</source>
        <translation>Written reason for another class</translation>
    </message>
    <message>
        <source>Reason for a lower priority</source>
        <translation>Reason for a lower priority</translation>
    </message>
    <message>
        <source>Why not investigate</source>
        <translation>Why not investigate</translation>
    </message>
    <message>
        <source>Report type</source>
        <translation>Report type</translation>
    </message>
    <message>
        <source>How reportability was decided</source>
        <translation>How reportability was decided</translation>
    </message>
    <message>
        <source>shown once a defect type is chosen</source>
        <translation>shown once a defect type is chosen</translation>
    </message>
    <message>
        <source>Class I: on saving, the QA head and the quality VP are told at once and it stays pinned until both acknowledge; a recall decision is required.</source>
        <translation>Class I: on saving, the QA head and the quality VP are told at once and it stays pinned until both acknowledge; a recall decision is required.</translation>
    </message>
    <message>
        <source>Check and save</source>
        <translation>Check and save</translation>
    </message>
    <message>
        <source>Linked to</source>
        <translation>Linked to</translation>
    </message>
    <message>
        <source>{label} (suggested)</source>
        <translation>{label} (suggested)</translation>
    </message>
    <message>
        <source>{label} (from the class)</source>
        <translation>{label} (from the class)</translation>
    </message>
    <message>
        <source>Attachments</source>
        <translation>Attachments</translation>
    </message>
    <message>
        <source>the file cannot be read</source>
        <translation>the file cannot be read</translation>
    </message>
    <message>
        <source>Attachment</source>
        <translation>Attachment</translation>
    </message>
    <message>
        <source>Register a complaint</source>
        <translation>Register a complaint</translation>
    </message>
    <message>
        <source>Next &gt;</source>
        <translation>Next &gt;</translation>
    </message>
    <message>
        <source>&lt; Back</source>
        <translation>&lt; Back</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>A registration was not finished. Continue with its draft?</source>
        <translation>A registration was not finished. Continue with its draft?</translation>
    </message>
    <message>
        <source>Continue the draft</source>
        <translation>Continue the draft</translation>
    </message>
    <message>
        <source>Discard the draft and start anew</source>
        <translation>Discard the draft and start anew</translation>
    </message>
    <message>
        <source>Leave the registration</source>
        <translation>Leave the registration</translation>
    </message>
    <message>
        <source>This complaint is not saved yet. Keep what you typed as a draft to continue later, or discard it?</source>
        <translation>This complaint is not saved yet. Keep what you typed as a draft to continue later, or discard it?</translation>
    </message>
    <message>
        <source>Keep the draft</source>
        <translation>Keep the draft</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Discard</translation>
    </message>
    <message>
        <source>Continue typing</source>
        <translation>Continue typing</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Unfinished registration</source>
        <translation>Unfinished registration</translation>
    </message>
    <message>
        <source>Locked</source>
        <translation>Locked</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>User name</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <source>QA Desk locked itself after idle time ({display_name}). Enter the password to unlock, or log in as another user (this user is logged out).</source>
        <translation>QA Desk locked itself after idle time ({display_name}). Enter the password to unlock, or log in as another user (this user is logged out).</translation>
    </message>
    <message>
        <source>QA Desk — log in</source>
        <translation>QA Desk — log in</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>Log in</translation>
    </message>
    <message>
        <source>&lt;h2&gt;QA Desk&lt;/h2&gt;&lt;p&gt;Quality assurance · product complaints&lt;/p&gt;</source>
        <translation>&lt;h2&gt;QA Desk&lt;/h2&gt;&lt;p&gt;Quality assurance · product complaints&lt;/p&gt;</translation>
    </message>
    <message>
        <source>First run: create the administrator</source>
        <translation>First run: create the administrator</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <source>Repeat password</source>
        <translation>Repeat password</translation>
    </message>
    <message>
        <source>Create administrator</source>
        <translation>Create administrator</translation>
    </message>
    <message>
        <source>This is a new database. First create its administrator (user name admin), who manages the accounts, roles and settings. The administrator account cannot sign records or handle complaints. Next, the administrator creates the office&apos;s users (inspectors, QA head, quality VP, reception): each gets a temporary password and must choose their own at the first login.</source>
        <translation>This is a new database. First create its administrator (user name admin), who manages the accounts, roles and settings. The administrator account cannot sign records or handle complaints. Next, the administrator creates the office&apos;s users (inspectors, QA head, quality VP, reception): each gets a temporary password and must choose their own at the first login.</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>The two passwords differ.</translation>
    </message>
    <message>
        <source>QA Desk</source>
        <translation>QA Desk</translation>
    </message>
    <message>
        <source>Triage</source>
        <translation>Triage</translation>
    </message>
    <message>
        <source>My tasks</source>
        <translation>My tasks</translation>
    </message>
    <message>
        <source>Batches on hold</source>
        <translation>Batches on hold</translation>
    </message>
    <message>
        <source>Archive</source>
        <translation>Archive</translation>
    </message>
    <message>
        <source>My registrations</source>
        <translation>My registrations</translation>
    </message>
    <message>
        <source>Register</source>
        <translation>Register</translation>
    </message>
    <message>
        <source>Retention</source>
        <translation>Retention</translation>
    </message>
    <message>
        <source>Audit-trail review</source>
        <translation>Audit-trail review</translation>
    </message>
    <message>
        <source>Trends</source>
        <translation>Trends</translation>
    </message>
    <message>
        <source>Administration</source>
        <translation>Administration</translation>
    </message>
    <message>
        <source>Batch register</source>
        <translation>Batch register</translation>
    </message>
    <message>
        <source>New complaint…</source>
        <translation>New complaint…</translation>
    </message>
    <message>
        <source>Print blank receipt form</source>
        <translation>Print blank receipt form</translation>
    </message>
    <message>
        <source>Backup…</source>
        <translation>Backup…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Scan for signals</source>
        <translation>Scan for signals</translation>
    </message>
    <message>
        <source>Periodic reviews…</source>
        <translation>Periodic reviews…</translation>
    </message>
    <message>
        <source>Months and channels</source>
        <translation>Months and channels</translation>
    </message>
    <message>
        <source>Causes and products</source>
        <translation>Causes and products</translation>
    </message>
    <message>
        <source>Batches</source>
        <translation>Batches</translation>
    </message>
    <message>
        <source>Per 10,000 units released</source>
        <translation>Per 10,000 units released</translation>
    </message>
    <message>
        <source>The batches with the most complaints in the period; the rate where the batch register knows the quantity released. Double-click a batch to see its complaints.</source>
        <translation>The batches with the most complaints in the period; the rate where the batch register knows the quantity released. Double-click a batch to see its complaints.</translation>
    </message>
    <message>
        <source>Signals</source>
        <translation>Signals</translation>
    </message>
    <message>
        <source>Batch / month</source>
        <translation>Batch / month</translation>
    </message>
    <message>
        <source>Raised</source>
        <translation>Raised</translation>
    </message>
    <message>
        <source>Due / decided</source>
        <translation>Due / decided</translation>
    </message>
    <message>
        <source>Show its complaints</source>
        <translation>Show its complaints</translation>
    </message>
    <message>
        <source>Decide…</source>
        <translation>Decide…</translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation>Computing…</translation>
    </message>
    <message>
        <source>The figures could not be read: {message}</source>
        <translation>The figures could not be read: {message}</translation>
    </message>
    <message>
        <source>{total} complaints in the period · figures computed in {seconds:.2f} s · {open} open signals</source>
        <translation>{total} complaints in the period · figures computed in {seconds:.2f} s · {open} open signals</translation>
    </message>
    <message>
        <source>Not decided</source>
        <translation>Not decided</translation>
    </message>
    <message>
        <source>Signals ({open} open)</source>
        <translation>Signals ({open} open)</translation>
    </message>
    <message>
        <source>No signal selected.</source>
        <translation>No signal selected.</translation>
    </message>
    <message>
        <source>Scan done: {raised} new signals, {extended} grown.</source>
        <translation>Scan done: {raised} new signals, {extended} grown.</translation>
    </message>
    <message>
        <source>Scanning for signals…</source>
        <translation>Scanning for signals…</translation>
    </message>
    <message>
        <source>No complaint is counted there.</source>
        <translation>No complaint is counted there.</translation>
    </message>
    <message>
        <source>Lock</source>
        <translation>Lock</translation>
    </message>
    <message>
        <source>Log out</source>
        <translation>Log out</translation>
    </message>
    <message>
        <source>File</source>
        <translation>File</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>Change password…</source>
        <translation>Change password…</translation>
    </message>
    <message>
        <source>My signing key…</source>
        <translation>My signing key…</translation>
    </message>
    <message>
        <source>Language: {label}</source>
        <translation>Language: {label}</translation>
    </message>
    <message>
        <source>Toolbar</source>
        <translation>Toolbar</translation>
    </message>
    <message>
        <source>Your signing key&apos;s fingerprint:</source>
        <translation>Your signing key&apos;s fingerprint:</translation>
    </message>
    <message>
        <source>This login holds no signing key yet: it is made at your next login once an administrator has logged in after the upgrade.</source>
        <translation>This login holds no signing key yet: it is made at your next login once an administrator has logged in after the upgrade.</translation>
    </message>
    <message>
        <source>My signing key</source>
        <translation>My signing key</translation>
    </message>
    <message>
        <source>Registered {number}</source>
        <translation>Registered {number}</translation>
    </message>
    <message>
        <source>Complaint registered</source>
        <translation>Complaint registered</translation>
    </message>
    <message>
        <source>Complaint {number} is registered. What next?</source>
        <translation>Complaint {number} is registered. What next?</translation>
    </message>
    <message>
        <source>Open it</source>
        <translation>Open it</translation>
    </message>
    <message>
        <source>Print the receipt record…</source>
        <translation>Print the receipt record…</translation>
    </message>
    <message>
        <source>Register the next one</source>
        <translation>Register the next one</translation>
    </message>
    <message>
        <source>User: </source>
        <translation>User: </translation>
    </message>
    <message>
        <source>Database: </source>
        <translation>Database: </translation>
    </message>
    <message>
        <source>Overdue: …</source>
        <translation>Overdue: …</translation>
    </message>
    <message>
        <source>Overdue: {overdue}</source>
        <translation>Overdue: {overdue}</translation>
    </message>
    <message>
        <source>  Overdue CAPA: {capa}</source>
        <translation>  Overdue CAPA: {capa}</translation>
    </message>
    <message>
        <source>The data was restored. QA Desk closes now; start it and log in again.</source>
        <translation>The data was restored. QA Desk closes now; start it and log in again.</translation>
    </message>
    <message>
        <source>Change password</source>
        <translation>Change password</translation>
    </message>
    <message>
        <source>{display_name}, your password is temporary or has expired: choose your own password now. Nothing else is possible until you do.</source>
        <translation>{display_name}, your password is temporary or has expired: choose your own password now. Nothing else is possible until you do.</translation>
    </message>
    <message>
        <source>Current password</source>
        <translation>Current password</translation>
    </message>
    <message>
        <source>Temporary or current password</source>
        <translation>Temporary or current password</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>New password</translation>
    </message>
    <message>
        <source>New password again</source>
        <translation>New password again</translation>
    </message>
    <message>
        <source>The two new passwords differ.</source>
        <translation>The two new passwords differ.</translation>
    </message>
    <message>
        <source>Receipt record</source>
        <translation>Receipt record</translation>
    </message>
    <message>
        <source>Investigation record</source>
        <translation>Investigation record</translation>
    </message>
    <message>
        <source>Risk, CAPA and change record</source>
        <translation>Risk, CAPA and change record</translation>
    </message>
    <message>
        <source>Reply letter</source>
        <translation>Reply letter</translation>
    </message>
    <message>
        <source>Batch hold notice</source>
        <translation>Batch hold notice</translation>
    </message>
    <message>
        <source>Print</source>
        <translation>Print</translation>
    </message>
    <message>
        <source>Form</source>
        <translation>Form</translation>
    </message>
    <message>
        <source>Select complaints in the table first.</source>
        <translation>Select complaints in the table first.</translation>
    </message>
    <message>
        <source>Save PDF</source>
        <translation>Save PDF</translation>
    </message>
    <message>
        <source>Printing {ids} records…</source>
        <translation>Printing {ids} records…</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Complaint register&lt;/h3&gt;&lt;p&gt;Export to Excel (personal data masked by default) or print; import an old ledger.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Complaint register&lt;/h3&gt;&lt;p&gt;Export to Excel (personal data masked by default) or print; import an old ledger.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>By received date</source>
        <translation>By received date</translation>
    </message>
    <message>
        <source>Range</source>
        <translation>Range</translation>
    </message>
    <message>
        <source>e.g. I,II (empty: all)</source>
        <translation>e.g. I,II (empty: all)</translation>
    </message>
    <message>
        <source>Classes</source>
        <translation>Classes</translation>
    </message>
    <message>
        <source>Show personal data (QA roles only, audited)</source>
        <translation>Show personal data (QA roles only, audited)</translation>
    </message>
    <message>
        <source>Export to Excel…</source>
        <translation>Export to Excel…</translation>
    </message>
    <message>
        <source>Print the register (PDF)…</source>
        <translation>Print the register (PDF)…</translation>
    </message>
    <message>
        <source>Blank receipt form (PDF)</source>
        <translation>Blank receipt form (PDF)</translation>
    </message>
    <message>
        <source>Import a ledger…</source>
        <translation>Import a ledger…</translation>
    </message>
    <message>
        <source>Export the register</source>
        <translation>Export the register</translation>
    </message>
    <message>
        <source>Exported {rows} to {out} (SHA-256 {sha256})</source>
        <translation>Exported {rows} to {out} (SHA-256 {sha256})</translation>
    </message>
    <message>
        <source>Exporting the register…</source>
        <translation>Exporting the register…</translation>
    </message>
    <message>
        <source>Print the register</source>
        <translation>Print the register</translation>
    </message>
    <message>
        <source>Wrote {path}</source>
        <translation>Wrote {path}</translation>
    </message>
    <message>
        <source>Writing the register PDF…</source>
        <translation>Writing the register PDF…</translation>
    </message>
    <message>
        <source>Wrote {out}</source>
        <translation>Wrote {out}</translation>
    </message>
    <message>
        <source>Complaint no.</source>
        <translation>Complaint no.</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>Retained until</source>
        <translation>Retained until</translation>
    </message>
    <message>
        <source>Legal hold</source>
        <translation>Legal hold</translation>
    </message>
    <message>
        <source>Only records past retention</source>
        <translation>Only records past retention</translation>
    </message>
    <message>
        <source>Legal hold…</source>
        <translation>Legal hold…</translation>
    </message>
    <message>
        <source>Destroy (quality VP signs)…</source>
        <translation>Destroy (quality VP signs)…</translation>
    </message>
    <message>
        <source>Destruction certificate</source>
        <translation>Destruction certificate</translation>
    </message>
    <message>
        <source>Package the selected record…</source>
        <translation>Package the selected record…</translation>
    </message>
    <message>
        <source>Package the year…</source>
        <translation>Package the year…</translation>
    </message>
    <message>
        <source>yes: {legal_hold_reason}</source>
        <translation>yes: {legal_hold_reason}</translation>
    </message>
    <message>
        <source>&lt; Previous</source>
        <translation>&lt; Previous</translation>
    </message>
    <message>
        <source>Next page &gt;</source>
        <translation>Next page &gt;</translation>
    </message>
    <message>
        <source>Records {first}–{last} of {total}</source>
        <translation>Records {first}–{last} of {total}</translation>
    </message>
    <message>
        <source>Select a record in the table first.</source>
        <translation>Select a record in the table first.</translation>
    </message>
    <message>
        <source>Reason (setting or lifting):</source>
        <translation>Reason (setting or lifting):</translation>
    </message>
    <message>
        <source>Destroy</source>
        <translation>Destroy</translation>
    </message>
    <message>
        <source>Reason for destroying {number}:</source>
        <translation>Reason for destroying {number}:</translation>
    </message>
    <message>
        <source>Meaning: destruction of {number} approved (the record and attachments are deleted for good).
Enter your password again:</source>
        <translation>Meaning: destruction of {number} approved (the record and attachments are deleted for good).
Enter your password again:</translation>
    </message>
    <message>
        <source>{number} destroyed and logged.</source>
        <translation>{number} destroyed and logged.</translation>
    </message>
    <message>
        <source>Save the archive package</source>
        <translation>Save the archive package</translation>
    </message>
    <message>
        <source>Wrote {out}: {complaints} complaints, {files} files</source>
        <translation>Wrote {out}: {complaints} complaints, {files} files</translation>
    </message>
    <message>
        <source>Packaging…</source>
        <translation>Packaging…</translation>
    </message>
    <message>
        <source>propose the conclusion for review</source>
        <translation>propose the conclusion for review</translation>
    </message>
    <message>
        <source>Choose logo…</source>
        <translation>Choose logo…</translation>
    </message>
    <message>
        <source>Remove logo</source>
        <translation>Remove logo</translation>
    </message>
    <message>
        <source>Save settings</source>
        <translation>Save settings</translation>
    </message>
    <message>
        <source>(no logo)</source>
        <translation>(no logo)</translation>
    </message>
    <message>
        <source>Saved ({changed} changed).</source>
        <translation>Saved ({changed} changed).</translation>
    </message>
    <message>
        <source>The settings were not saved.</source>
        <translation>The settings were not saved.</translation>
    </message>
    <message>
        <source>Choose the company logo</source>
        <translation>Choose the company logo</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg)</source>
        <translation>Images (*.png *.jpg *.jpeg)</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Number</translation>
    </message>
    <message>
        <source>Passed to</source>
        <translation>Passed to</translation>
    </message>
    <message>
        <source>&lt;h3&gt;My registrations ({rows})&lt;/h3&gt;</source>
        <translation>&lt;h3&gt;My registrations ({rows})&lt;/h3&gt;</translation>
    </message>
    <message>
        <source>QA office</source>
        <translation>QA office</translation>
    </message>
    <message>
        <source>Product / batch</source>
        <translation>Product / batch</translation>
    </message>
    <message>
        <source>Root cause</source>
        <translation>Root cause</translation>
    </message>
    <message>
        <source>Root-cause category</source>
        <translation>Root-cause category</translation>
    </message>
    <message>
        <source>Conclusion</source>
        <translation>Conclusion</translation>
    </message>
    <message>
        <source>Risk</source>
        <translation>Risk</translation>
    </message>
    <message>
        <source>Market action</source>
        <translation>Market action</translation>
    </message>
    <message>
        <source>Checklist</source>
        <translation>Checklist</translation>
    </message>
    <message>
        <source>{decided} of {checklist} items decided</source>
        <translation>{decided} of {checklist} items decided</translation>
    </message>
    <message>
        <source>Optional</source>
        <translation>Optional</translation>
    </message>
    <message>
        <source>Your user name (first signature of this login)</source>
        <translation>Your user name (first signature of this login)</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Comment</translation>
    </message>
    <message>
        <source>Enter your user name.</source>
        <translation>Enter your user name.</translation>
    </message>
    <message>
        <source>Meaning of this signature: &lt;b&gt;{meaning}&lt;/b&gt; ({action})</source>
        <translation>Meaning of this signature: &lt;b&gt;{meaning}&lt;/b&gt; ({action})</translation>
    </message>
    <message>
        <source>Enter your password.</source>
        <translation>Enter your password.</translation>
    </message>
    <message>
        <source>Signer</source>
        <translation>Signer</translation>
    </message>
    <message>
        <source>Enter your password again</source>
        <translation>Enter your password again</translation>
    </message>
    <message>
        <source>Monthly review of the register {month}</source>
        <translation>Monthly review of the register {month}</translation>
    </message>
    <message>
        <source>Product quality review (complaints) {product} {year}</source>
        <translation>Product quality review (complaints) {product} {year}</translation>
    </message>
    <message>
        <source>Content now (SHA-256)</source>
        <translation>Content now (SHA-256)</translation>
    </message>
    <message>
        <source>Review record</source>
        <translation>Review record</translation>
    </message>
    <message>
        <source>Not yet created: it is created when the QA head opens it to sign.</source>
        <translation>Not yet created: it is created when the QA head opens it to sign.</translation>
    </message>
    <message>
        <source>Created {at}</source>
        <translation>Created {at}</translation>
    </message>
    <message>
        <source>QA head</source>
        <translation>QA head</translation>
    </message>
    <message>
        <source>Quality VP</source>
        <translation>Quality VP</translation>
    </message>
    <message>
        <source>Not yet signed</source>
        <translation>Not yet signed</translation>
    </message>
    <message>
        <source>Signed by {name} at {at}</source>
        <translation>Signed by {name} at {at}</translation>
    </message>
    <message>
        <source>Content signed (SHA-256)</source>
        <translation>Content signed (SHA-256)</translation>
    </message>
    <message>
        <source>Changed since signing</source>
        <translation>Changed since signing</translation>
    </message>
    <message>
        <source>The figures changed after the review was signed; sections: {sections}. The signatures cover the content as reviewed.</source>
        <translation>The figures changed after the review was signed; sections: {sections}. The signatures cover the content as reviewed.</translation>
    </message>
    <message>
        <source>No: the figures are the ones reviewed.</source>
        <translation>No: the figures are the ones reviewed.</translation>
    </message>
    <message>
        <source>Your role may not give this signature.</source>
        <translation>Your role may not give this signature.</translation>
    </message>
    <message>
        <source>Reading the review…</source>
        <translation>Reading the review…</translation>
    </message>
    <message>
        <source>The period {period} is not over yet: the QA head signs the review after it ends (printing is not limited).</source>
        <translation>The period {period} is not over yet: the QA head signs the review after it ends (printing is not limited).</translation>
    </message>
    <message>
        <source>The review was signed as reviewed at {at}; it is signed once.</source>
        <translation>The review was signed as reviewed at {at}; it is signed once.</translation>
    </message>
    <message>
        <source>The QA head has not signed this review yet; the quality VP acknowledges it after that.</source>
        <translation>The QA head has not signed this review yet; the quality VP acknowledges it after that.</translation>
    </message>
    <message>
        <source>The quality VP acknowledged the review at {at}.</source>
        <translation>The quality VP acknowledged the review at {at}.</translation>
    </message>
    <message>
        <source>You signed this review as QA head: another person acknowledges it as authorised person (segregation of duties).</source>
        <translation>You signed this review as QA head: another person acknowledges it as authorised person (segregation of duties).</translation>
    </message>
    <message>
        <source>Sign</source>
        <translation>Sign</translation>
    </message>
    <message>
        <source>Sign as QA head</source>
        <translation>Sign as QA head</translation>
    </message>
    <message>
        <source>Your signature means: &lt;b&gt;{meaning}&lt;/b&gt;. It covers the review&apos;s content as shown above (SHA-256 {digest}) and the audit chain head at this moment.</source>
        <translation>Your signature means: &lt;b&gt;{meaning}&lt;/b&gt;. It covers the review&apos;s content as shown above (SHA-256 {digest}) and the audit chain head at this moment.</translation>
    </message>
    <message>
        <source>Acknowledge as quality VP</source>
        <translation>Acknowledge as quality VP</translation>
    </message>
    <message>
        <source>Your signature means: &lt;b&gt;{meaning}&lt;/b&gt;. As authorised person you acknowledge having been informed of the review as the QA head signed it.</source>
        <translation>Your signature means: &lt;b&gt;{meaning}&lt;/b&gt;. As authorised person you acknowledge having been informed of the review as the QA head signed it.</translation>
    </message>
    <message>
        <source>Nothing was signed.</source>
        <translation>Nothing was signed.</translation>
    </message>
    <message>
        <source>What you sign (the signature is bound to this content&apos;s hash; any later change shows it as invalid):</source>
        <translation>What you sign (the signature is bound to this content&apos;s hash; any later change shows it as invalid):</translation>
    </message>
    <message>
        <source>Ref</source>
        <translation>Ref</translation>
    </message>
    <message>
        <source>Measure</source>
        <translation>Measure</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>Department</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Owner</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Effectiveness</source>
        <translation>Effectiveness</translation>
    </message>
    <message>
        <source>Change control</source>
        <translation>Change control</translation>
    </message>
    <message>
        <source>(recall level)</source>
        <translation>(recall level)</translation>
    </message>
    <message>
        <source>Class I without recall: the reason</source>
        <translation>Class I without recall: the reason</translation>
    </message>
    <message>
        <source>Save market action</source>
        <translation>Save market action</translation>
    </message>
    <message>
        <source>Regulatory report</source>
        <translation>Regulatory report</translation>
    </message>
    <message>
        <source>reported {value}</source>
        <translation>reported {value}</translation>
    </message>
    <message>
        <source>not reported yet</source>
        <translation>not reported yet</translation>
    </message>
    <message>
        <source>to {authority}, reference {reference}</source>
        <translation>to {authority}, reference {reference}</translation>
    </message>
    <message>
        <source>Record the report as made…</source>
        <translation>Record the report as made…</translation>
    </message>
    <message>
        <source>Correct…</source>
        <translation>Correct…</translation>
    </message>
    <message>
        <source>Batch holds</source>
        <translation>Batch holds</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>Since</translation>
    </message>
    <message>
        <source>Lifted</source>
        <translation>Lifted</translation>
    </message>
    <message>
        <source>on hold</source>
        <translation>on hold</translation>
    </message>
    <message>
        <source>lifted</source>
        <translation>lifted</translation>
    </message>
    <message>
        <source>Lift the hold (QA head signature)…</source>
        <translation>Lift the hold (QA head signature)…</translation>
    </message>
    <message>
        <source>Corrective and preventive actions (CAPA)</source>
        <translation>Corrective and preventive actions (CAPA)</translation>
    </message>
    <message>
        <source>corrective</source>
        <translation>corrective</translation>
    </message>
    <message>
        <source>preventive</source>
        <translation>preventive</translation>
    </message>
    <message>
        <source>Mark done</source>
        <translation>Mark done</translation>
    </message>
    <message>
        <source>Hand over…</source>
        <translation>Hand over…</translation>
    </message>
    <message>
        <source>Cancel…</source>
        <translation>Cancel…</translation>
    </message>
    <message>
        <source>Correct the selected CAPA action, with a reason (until the complaint is approved)</source>
        <translation>Correct the selected CAPA action, with a reason (until the complaint is approved)</translation>
    </message>
    <message>
        <source>Verify effectiveness…</source>
        <translation>Verify effectiveness…</translation>
    </message>
    <message>
        <source>(a named person)</source>
        <translation>(a named person)</translation>
    </message>
    <message>
        <source>Corrective</source>
        <translation>Corrective</translation>
    </message>
    <message>
        <source>Preventive</source>
        <translation>Preventive</translation>
    </message>
    <message>
        <source>Correct CAPA {ref}</source>
        <translation>Correct CAPA {ref}</translation>
    </message>
    <message>
        <source>When it happened</source>
        <translation>When it happened</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Step</translation>
    </message>
    <message>
        <source>Holder</source>
        <translation>Holder</translation>
    </message>
    <message>
        <source>Condition</source>
        <translation>Condition</translation>
    </message>
    <message>
        <source>Seal no.</source>
        <translation>Seal no.</translation>
    </message>
    <message>
        <source>Correct a custody step</source>
        <translation>Correct a custody step</translation>
    </message>
    <message>
        <source>When the reply was given</source>
        <translation>When the reply was given</translation>
    </message>
    <message>
        <source>Correct a reply</source>
        <translation>Correct a reply</translation>
    </message>
    <message>
        <source>Correct the regulatory report</source>
        <translation>Correct the regulatory report</translation>
    </message>
    <message>
        <source>change-control number, if one is needed</source>
        <translation>change-control number, if one is needed</translation>
    </message>
    <message>
        <source>Add CAPA</source>
        <translation>Add CAPA</translation>
    </message>
    <message>
        <source>department</source>
        <translation>department</translation>
    </message>
    <message>
        <source>owner</source>
        <translation>owner</translation>
    </message>
    <message>
        <source>what will be done</source>
        <translation>what will be done</translation>
    </message>
    <message>
        <source>New CAPA</source>
        <translation>New CAPA</translation>
    </message>
    <message>
        <source>Select a CAPA action in the table first.</source>
        <translation>Select a CAPA action in the table first.</translation>
    </message>
    <message>
        <source>Note (tracked CAPA number or reason)</source>
        <translation>Note (tracked CAPA number or reason)</translation>
    </message>
    <message>
        <source>Effectiveness verified: how</source>
        <translation>Effectiveness verified: how</translation>
    </message>
    <message>
        <source>Lift the hold</source>
        <translation>Lift the hold</translation>
    </message>
    <message>
        <source>Reason for lifting</source>
        <translation>Reason for lifting</translation>
    </message>
    <message>
        <source>lift the batch hold</source>
        <translation>lift the batch hold</translation>
    </message>
    <message>
        <source>Why {i}</source>
        <translation>Why {i}</translation>
    </message>
    <message>
        <source>separate causes with &apos;;&apos;</source>
        <translation>separate causes with &apos;;&apos;</translation>
    </message>
    <message>
        <source>Fishbone · {category}</source>
        <translation>Fishbone · {category}</translation>
    </message>
    <message>
        <source>(category)</source>
        <translation>(category)</translation>
    </message>
    <message>
        <source>(conclusion)</source>
        <translation>(conclusion)</translation>
    </message>
    <message>
        <source>Conclusion note</source>
        <translation>Conclusion note</translation>
    </message>
    <message>
        <source>(severity)</source>
        <translation>(severity)</translation>
    </message>
    <message>
        <source>(likelihood)</source>
        <translation>(likelihood)</translation>
    </message>
    <message>
        <source>Risk: severity</source>
        <translation>Risk: severity</translation>
    </message>
    <message>
        <source>Risk: likelihood of recurrence</source>
        <translation>Risk: likelihood of recurrence</translation>
    </message>
    <message>
        <source>Scope: units</source>
        <translation>Scope: units</translation>
    </message>
    <message>
        <source>Scope: batches</source>
        <translation>Scope: batches</translation>
    </message>
    <message>
        <source>Risk note</source>
        <translation>Risk note</translation>
    </message>
    <message>
        <source>Save root cause and risk</source>
        <translation>Save root cause and risk</translation>
    </message>
    <message>
        <source>Start the investigation</source>
        <translation>Start the investigation</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Reviewer</source>
        <translation>Reviewer</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Files</translation>
    </message>
    <message>
        <source>(not decided)</source>
        <translation>(not decided)</translation>
    </message>
    <message>
        <source>Save the checklist</source>
        <translation>Save the checklist</translation>
    </message>
    <message>
        <source>Attach a file to the selected item…</source>
        <translation>Attach a file to the selected item…</translation>
    </message>
    <message>
        <source>Mark a section all OK…</source>
        <translation>Mark a section all OK…</translation>
    </message>
    <message>
        <source>Mark a section all OK</source>
        <translation>Mark a section all OK</translation>
    </message>
    <message>
        <source>Section</source>
        <translation>Section</translation>
    </message>
    <message>
        <source>Every item of this section is decided already.</source>
        <translation>Every item of this section is decided already.</translation>
    </message>
    <message>
        <source>Mark these {n} item(s) OK and save the checklist?

{items}</source>
        <translation>Mark these {n} item(s) OK and save the checklist?

{items}</translation>
    </message>
    <message>
        <source>Choose a file</source>
        <translation>Choose a file</translation>
    </message>
    <message>
        <source>Select a checklist item first.</source>
        <translation>Select a checklist item first.</translation>
    </message>
    <message>
        <source>{name} is larger than {limit} MB</source>
        <translation>{name} is larger than {limit} MB</translation>
    </message>
    <message>
        <source>… and {more} more: search the triage list for {product}</source>
        <translation>… and {more} more: search the triage list for {product}</translation>
    </message>
    <message>
        <source>No other complaint on this batch or product in the 12 months before this one.</source>
        <translation>No other complaint on this batch or product in the 12 months before this one.</translation>
    </message>
    <message>
        <source>Same batch / product, 12 months before receipt</source>
        <translation>Same batch / product, 12 months before receipt</translation>
    </message>
    <message>
        <source>Sample chain of custody</source>
        <translation>Sample chain of custody</translation>
    </message>
    <message>
        <source>Correct the selected custody step, with a reason (until the complaint is approved)</source>
        <translation>Correct the selected custody step, with a reason (until the complaint is approved)</translation>
    </message>
    <message>
        <source>When the step happened</source>
        <translation>When the step happened</translation>
    </message>
    <message>
        <source>step (received, sealed, to QC…)</source>
        <translation>step (received, sealed, to QC…)</translation>
    </message>
    <message>
        <source>holder</source>
        <translation>holder</translation>
    </message>
    <message>
        <source>seal no.</source>
        <translation>seal no.</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Add</translation>
    </message>
    <message>
        <source>Select a custody step in the list first.</source>
        <translation>Select a custody step in the list first.</translation>
    </message>
    <message>
        <source>Medical details (adverse reaction/event)</source>
        <translation>Medical details (adverse reaction/event)</translation>
    </message>
    <message>
        <source>Save medical details</source>
        <translation>Save medical details</translation>
    </message>
    <message>
        <source>When</source>
        <translation>When</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Who</translation>
    </message>
    <message>
        <source>What was done</source>
        <translation>What was done</translation>
    </message>
    <message>
        <source>Satisfaction</source>
        <translation>Satisfaction</translation>
    </message>
    <message>
        <source>What was said</source>
        <translation>What was said</translation>
    </message>
    <message>
        <source>final</source>
        <translation>final</translation>
    </message>
    <message>
        <source>interim</source>
        <translation>interim</translation>
    </message>
    <message>
        <source>Replies</source>
        <translation>Replies</translation>
    </message>
    <message>
        <source>Correct the selected reply, with a reason (until the complaint is approved)</source>
        <translation>Correct the selected reply, with a reason (until the complaint is approved)</translation>
    </message>
    <message>
        <source>Anonymous complaint: no reply is owed.</source>
        <translation>Anonymous complaint: no reply is owed.</translation>
    </message>
    <message>
        <source>Final reply (needs the approved conclusion)</source>
        <translation>Final reply (needs the approved conclusion)</translation>
    </message>
    <message>
        <source>(not known yet)</source>
        <translation>(not known yet)</translation>
    </message>
    <message>
        <source>Draft the reply letter</source>
        <translation>Draft the reply letter</translation>
    </message>
    <message>
        <source>Record the reply</source>
        <translation>Record the reply</translation>
    </message>
    <message>
        <source>Extension</source>
        <translation>Extension</translation>
    </message>
    <message>
        <source>Ask for an extension</source>
        <translation>Ask for an extension</translation>
    </message>
    <message>
        <source>days</source>
        <translation>days</translation>
    </message>
    <message>
        <source>Extensions granted: {used} days (at most {extension_max_days})</source>
        <translation>Extensions granted: {used} days (at most {extension_max_days})</translation>
    </message>
    <message>
        <source>The complainant was told</source>
        <translation>The complainant was told</translation>
    </message>
    <message>
        <source>Approve {days} days</source>
        <translation>Approve {days} days</translation>
    </message>
    <message>
        <source>Reason: {reason}</source>
        <translation>Reason: {reason}</translation>
    </message>
    <message>
        <source>Close the complaint</source>
        <translation>Close the complaint</translation>
    </message>
    <message>
        <source>A closed complaint is read-only.</source>
        <translation>A closed complaint is read-only.</translation>
    </message>
    <message>
        <source>Select a reply in the table first.</source>
        <translation>Select a reply in the table first.</translation>
    </message>
    <message>
        <source>valid</source>
        <translation>valid</translation>
    </message>
    <message>
        <source>INVALID: changed after signing</source>
        <translation>INVALID: changed after signing</translation>
    </message>
    <message>
        <source>superseded by a later cycle</source>
        <translation>superseded by a later cycle</translation>
    </message>
    <message>
        <source>Approval chain: inspector proposes → QA head reviews → quality VP approves (Class I/II or recall).</source>
        <translation>Approval chain: inspector proposes → QA head reviews → quality VP approves (Class I/II or recall).</translation>
    </message>
    <message>
        <source>Approval chain: inspector proposes → QA head reviews and approves.</source>
        <translation>Approval chain: inspector proposes → QA head reviews and approves.</translation>
    </message>
    <message>
        <source>Meaning</source>
        <translation>Meaning</translation>
    </message>
    <message>
        <source>Signed at</source>
        <translation>Signed at</translation>
    </message>
    <message>
        <source>Content SHA-256</source>
        <translation>Content SHA-256</translation>
    </message>
    <message>
        <source>Submit for review (sign)…</source>
        <translation>Submit for review (sign)…</translation>
    </message>
    <message>
        <source>Review and sign…</source>
        <translation>Review and sign…</translation>
    </message>
    <message>
        <source>Approve and sign…</source>
        <translation>Approve and sign…</translation>
    </message>
    <message>
        <source>Return to the investigation…</source>
        <translation>Return to the investigation…</translation>
    </message>
    <message>
        <source>review the conclusion</source>
        <translation>review the conclusion</translation>
    </message>
    <message>
        <source>review and approve the conclusion</source>
        <translation>review and approve the conclusion</translation>
    </message>
    <message>
        <source>approve the conclusion</source>
        <translation>approve the conclusion</translation>
    </message>
    <message>
        <source>Return</source>
        <translation>Return</translation>
    </message>
    <message>
        <source>Why it goes back</source>
        <translation>Why it goes back</translation>
    </message>
    <message>
        <source>To do</source>
        <translation>To do</translation>
    </message>
    <message>
        <source>Registered by</source>
        <translation>Registered by</translation>
    </message>
    <message>
        <source>&lt;h3&gt;My tasks ({items})&lt;/h3&gt;</source>
        <translation>&lt;h3&gt;My tasks ({items})&lt;/h3&gt;</translation>
    </message>
    <message>
        <source>Reception</source>
        <translation>Reception</translation>
    </message>
    <message>
        <source>Registered at reception</source>
        <translation>Registered at reception</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>Next deadline</source>
        <translation>Next deadline</translation>
    </message>
    <message>
        <source>Days open</source>
        <translation>Days open</translation>
    </message>
    <message>
        <source>Class I: not yet acknowledged by the QA head and the quality VP</source>
        <translation>Class I: not yet acknowledged by the QA head and the quality VP</translation>
    </message>
    <message>
        <source>(QA inbox)</source>
        <translation>(QA inbox)</translation>
    </message>
    <message>
        <source>All</source>
        <translation>All</translation>
    </message>
    <message>
        <source>Search number, product, batch, complainant, text (e.g. leak, glass)</source>
        <translation>Search number, product, batch, complainant, text (e.g. leak, glass)</translation>
    </message>
    <message>
        <source>Closed or archived</source>
        <translation>Closed or archived</translation>
    </message>
    <message>
        <source>Any nature</source>
        <translation>Any nature</translation>
    </message>
    <message>
        <source>Any product</source>
        <translation>Any product</translation>
    </message>
    <message>
        <source>Overdue only</source>
        <translation>Overdue only</translation>
    </message>
    <message>
        <source>Mine</source>
        <translation>Mine</translation>
    </message>
    <message>
        <source>Print selected…</source>
        <translation>Print selected…</translation>
    </message>
    <message>
        <source>Export this list…</source>
        <translation>Export this list…</translation>
    </message>
    <message>
        <source>Closed and archived complaints, read-only. Each record shows how long it is kept; legal holds and destruction are on the Retention page.</source>
        <translation>Closed and archived complaints, read-only. Each record shows how long it is kept; legal holds and destruction are on the Retention page.</translation>
    </message>
    <message>
        <source>Open complaints</source>
        <translation>Open complaints</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <source>Show the whole list again</source>
        <translation>Show the whole list again</translation>
    </message>
    <message>
        <source>The {n} complaints counted in: {title}</source>
        <translation>The {n} complaints counted in: {title}</translation>
    </message>
    <message>
        <source>Found in {field}: {text}</source>
        <translation>Found in {field}: {text}</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <source>Exported {rows} to {out}</source>
        <translation>Exported {rows} to {out}</translation>
    </message>
    <message>
        <source>Search in: {which}</source>
        <translation>Search in: {which}</translation>
    </message>
    <message>
        <source>{total} complaints</source>
        <translation>{total} complaints</translation>
    </message>
    <message>
        <source>(choose the report type)</source>
        <translation>(choose the report type)</translation>
    </message>
    <message>
        <source>Correct the receipt of {number}</source>
        <translation>Correct the receipt of {number}</translation>
    </message>
    <message>
        <source>Reason for the correction (required, audited)</source>
        <translation>Reason for the correction (required, audited)</translation>
    </message>
    <message>
        <source>Reason for the change</source>
        <translation>Reason for the change</translation>
    </message>
    <message>
        <source>Saved values change ({fields}). Why? (audited)</source>
        <translation>Saved values change ({fields}). Why? (audited)</translation>
    </message>
    <message>
        <source>Save the changes on this tab with its buttons, or discard them.</source>
        <translation>Save the changes on this tab with its buttons, or discard them.</translation>
    </message>
    <message>
        <source>Attachments (evidence)</source>
        <translation>Attachments (evidence)</translation>
    </message>
    <message>
        <source>No files attached.</source>
        <translation>No files attached.</translation>
    </message>
    <message>
        <source>Add a file…</source>
        <translation>Add a file…</translation>
    </message>
    <message>
        <source>View the selected file</source>
        <translation>View the selected file</translation>
    </message>
    <message>
        <source>{name} · {size} KB · added by {who} at {time}</source>
        <translation>{name} · {size} KB · added by {who} at {time}</translation>
    </message>
    <message>
        <source>Add a file to the complaint</source>
        <translation>Add a file to the complaint</translation>
    </message>
    <message>
        <source>Add a file</source>
        <translation>Add a file</translation>
    </message>
    <message>
        <source>Why is it added now (required)?</source>
        <translation>Why is it added now (required)?</translation>
    </message>
    <message>
        <source>Correct the marked fields.</source>
        <translation>Correct the marked fields.</translation>
    </message>
    <message>
        <source>Correct the marked fields: {fields}</source>
        <translation>Correct the marked fields: {fields}</translation>
    </message>
    <message>
        <source>Record the regulatory report of {number}</source>
        <translation>Record the regulatory report of {number}</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>Report</translation>
    </message>
    <message>
        <source>e.g. the provincial medical products administration</source>
        <translation>e.g. the provincial medical products administration</translation>
    </message>
    <message>
        <source>number or receipt given by the authority&apos;s system</source>
        <translation>number or receipt given by the authority&apos;s system</translation>
    </message>
    <message>
        <source>Authority</source>
        <translation>Authority</translation>
    </message>
    <message>
        <source>Reference number</source>
        <translation>Reference number</translation>
    </message>
    <message>
        <source>Submitted at</source>
        <translation>Submitted at</translation>
    </message>
    <message>
        <source>Next…</source>
        <translation>Next…</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>Record the report</source>
        <translation>Record the report</translation>
    </message>
    <message>
        <source>This will be recorded for {number}, and it meets the report deadline:

Authority: {authority}
Reference number: {reference}
Submitted at: {when}

It cannot be undone; a mistake can be corrected with a reason until the complaint is closed.</source>
        <translation>This will be recorded for {number}, and it meets the report deadline:

Authority: {authority}
Reference number: {reference}
Submitted at: {when}

It cannot be undone; a mistake can be corrected with a reason until the complaint is closed.</translation>
    </message>
    <message>
        <source>Complaints: {what}</source>
        <translation>Complaints: {what}</translation>
    </message>
    <message>
        <source>{what}: {total} complaints (exactly those counted; double-click one to open it)</source>
        <translation>{what}: {total} complaints (exactly those counted; double-click one to open it)</translation>
    </message>
    <message>
        <source>Complaints per month, by class</source>
        <translation>Complaints per month, by class</translation>
    </message>
    <message>
        <source>no complaints in the period</source>
        <translation>no complaints in the period</translation>
    </message>
    <message>
        <source>Root-cause categories (Pareto)</source>
        <translation>Root-cause categories (Pareto)</translation>
    </message>
    <message>
        <source>Not determined</source>
        <translation>Not determined</translation>
    </message>
    <message>
        <source>Complaints</source>
        <translation>Complaints</translation>
    </message>
    <message>
        <source>Cumulative %</source>
        <translation>Cumulative %</translation>
    </message>
    <message>
        <source>Top products</source>
        <translation>Top products</translation>
    </message>
    <message>
        <source>Channel mix</source>
        <translation>Channel mix</translation>
    </message>
    <message>
        <source>Not recorded</source>
        <translation>Not recorded</translation>
    </message>
    <message>
        <source>Control chart</source>
        <translation>Control chart</translation>
    </message>
    <message>
        <source>no product</source>
        <translation>no product</translation>
    </message>
    <message>
        <source>u-chart: limits from the complaint rate per units on the market</source>
        <translation>u-chart: limits from the complaint rate per units on the market</translation>
    </message>
    <message>
        <source>c-chart: limits from the monthly counts of the trailing 12 months</source>
        <translation>c-chart: limits from the monthly counts of the trailing 12 months</translation>
    </message>
    <message>
        <source>Control chart: {product}</source>
        <translation>Control chart: {product}</translation>
    </message>
    <message>
        <source>Upper control limit</source>
        <translation>Upper control limit</translation>
    </message>
    <message>
        <source>Centre line</source>
        <translation>Centre line</translation>
    </message>
    <message>
        <source>Signal</source>
        <translation>Signal</translation>
    </message>
    <message>
        <source>Time to acknowledge</source>
        <translation>Time to acknowledge</translation>
    </message>
    <message>
        <source>Time to first reply</source>
        <translation>Time to first reply</translation>
    </message>
    <message>
        <source>Time to close</source>
        <translation>Time to close</translation>
    </message>
    <message>
        <source>{median} / {p90} d</source>
        <translation>{median} / {p90} d</translation>
    </message>
    <message>
        <source>working days {median} / {p90} · n = {n}</source>
        <translation>working days {median} / {p90} · n = {n}</translation>
    </message>
    <message>
        <source>Median / 90th percentile, calendar days (to the hour) and working days, over the complaints received in the period that had the event.</source>
        <translation>Median / 90th percentile, calendar days (to the hour) and working days, over the complaints received in the period that had the event.</translation>
    </message>
    <message>
        <source>On time</source>
        <translation>On time</translation>
    </message>
    <message>
        <source>{ok} of {due} deadlines</source>
        <translation>{ok} of {due} deadlines</translation>
    </message>
    <message>
        <source>Reopen rate</source>
        <translation>Reopen rate</translation>
    </message>
    <message>
        <source>{n} of {of} with a final reply</source>
        <translation>{n} of {of} with a final reply</translation>
    </message>
    <message>
        <source>Open backlog (days since receipt)</source>
        <translation>Open backlog (days since receipt)</translation>
    </message>
    <message>
        <source>oldest: {ref}, due {due}</source>
        <translation>oldest: {ref}, due {due}</translation>
    </message>
    <message>
        <source>Overdue CAPA</source>
        <translation>Overdue CAPA</translation>
    </message>
    <message>
        <source>Complaints in the period</source>
        <translation>Complaints in the period</translation>
    </message>
    <message>
        <source>voided ones not counted</source>
        <translation>voided ones not counted</translation>
    </message>
    <message>
        <source>Raised: {raised} · due: {due}</source>
        <translation>Raised: {raised} · due: {due}</translation>
    </message>
    <message>
        <source>Decided {at}: {decision}. Reason: {reason}</source>
        <translation>Decided {at}: {decision}. Reason: {reason}</translation>
    </message>
    <message>
        <source>Decide the signal</source>
        <translation>Decide the signal</translation>
    </message>
    <message>
        <source>Choose a CAPA action…</source>
        <translation>Choose a CAPA action…</translation>
    </message>
    <message>
        <source>The CAPA you propose: what, who, by when</source>
        <translation>The CAPA you propose: what, who, by when</translation>
    </message>
    <message>
        <source>Why this decision (recorded in the audit trail and signed)</source>
        <translation>Why this decision (recorded in the audit trail and signed)</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>Decision</translation>
    </message>
    <message>
        <source>CAPA action</source>
        <translation>CAPA action</translation>
    </message>
    <message>
        <source>CAPA proposed</source>
        <translation>CAPA proposed</translation>
    </message>
    <message>
        <source>Reason for the decision</source>
        <translation>Reason for the decision</translation>
    </message>
    <message>
        <source>Your signature means: &lt;b&gt;{meaning}&lt;/b&gt;. It covers the signal as shown and your decision.</source>
        <translation>Your signature means: &lt;b&gt;{meaning}&lt;/b&gt;. It covers the signal as shown and your decision.</translation>
    </message>
    <message>
        <source>Sign and record</source>
        <translation>Sign and record</translation>
    </message>
    <message>
        <source>Periodic reviews</source>
        <translation>Periodic reviews</translation>
    </message>
    <message>
        <source>Monthly review of the register (GMP art. 276)</source>
        <translation>Monthly review of the register (GMP art. 276)</translation>
    </message>
    <message>
        <source>Annual product quality review (complaints)</source>
        <translation>Annual product quality review (complaints)</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>Month</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>Year</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>Review</translation>
    </message>
    <message>
        <source>Print PDF…</source>
        <translation>Print PDF…</translation>
    </message>
    <message>
        <source>Sign as QA head (reviewed)…</source>
        <translation>Sign as QA head (reviewed)…</translation>
    </message>
    <message>
        <source>Acknowledge as quality VP (informed)…</source>
        <translation>Acknowledge as quality VP (informed)…</translation>
    </message>
    <message>
        <source>The review could not be read: {message}</source>
        <translation>The review could not be read: {message}</translation>
    </message>
    <message>
        <source>Signing the review…</source>
        <translation>Signing the review…</translation>
    </message>
    <message>
        <source>Signed: {meaning} · {title}</source>
        <translation>Signed: {meaning} · {title}</translation>
    </message>
    <message>
        <source>PDF written: {path}</source>
        <translation>PDF written: {path}</translation>
    </message>
    <message>
        <source>Writing the review&apos;s PDF…</source>
        <translation>Writing the review&apos;s PDF…</translation>
    </message>
</context>
</TS>
