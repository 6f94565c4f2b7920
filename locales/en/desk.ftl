## The agents' desk in Telegram groups (what agents read).
desk-topic-name = { $reference } · { $queue }
desk-first-post =
    🆕 Case { $reference }
    Queue: { $queue }
    Type: { $kind }
    User's channel: { $channel }
desk-kind-complaint = Complaint from a form
desk-kind-human-request = Request to talk to a person
desk-fields-title = Collected data (NIK masked):
desk-summary-title = Summary:
desk-transcript-title = Conversation before the handoff:
desk-attachments = The user's attachments: { $count } files, sent below.
desk-help = Commands in this topic: /claim, /release, /waiting, /resolve, /reopen, /note text (never sent to the user), /transfer queue, /template name, /reveal reason (supervisors: personal data unmasked). Anywhere: /findnik NIK (supervisors: the cases with that NIK). Admins: /audit first-day last-day (audit log export). Ordinary messages in this topic go to the user in your name.
desk-user-message = 👤 User: { $text }
desk-user-file = 👤 The user sent a file:
desk-claimed = ✅ { $agent } is handling this case.
desk-owned-by = ⛔ { $agent } is handling this case. Ask a supervisor if it must be transferred.
desk-finished = ⛔ This case is resolved. Type /reopen to open it again.
desk-not-finished = This case is not resolved, so there is nothing to reopen.
desk-no-case = No case was found for this topic.
desk-released-note = ↩️ { $agent } released this case; waiting for another agent.
desk-waiting-note = ⏳ Waiting for the user's answer.
desk-resolved-note = ✅ Case resolved by { $agent }. The user is asked for a rating.
desk-reopened-note = 🔄 Case reopened by { $agent }.
desk-transferred-note = ➡️ Case transferred to the { $queue } queue by { $agent }.
desk-note-saved = 📝 Internal note saved; not sent to the user.
desk-not-agent = ⛔ You are not registered as an agent: your messages and commands in this group are not passed on. Ask an admin to register you.
desk-bad-queue = Unknown queue. Choose one of: { $queues }
desk-queue-set = ✅ This group now serves the { $queue } queue.
desk-agent-added = ✅ { $name } registered as { $role }.
desk-agent-usage = Usage: /petugas_tambah <Telegram user id> <agent|supervisor|admin> <display name>, or /petugas_hapus <Telegram user id>
desk-admin-only = ⛔ Only an admin can do this.
desk-supervisor-only = ⛔ Only a supervisor or an admin can do this.
desk-canned-saved = ✅ Canned reply "{ $name }" saved.
desk-canned-usage = Usage: /template_simpan <queue> <id|en> <name> <text>
desk-canned-missing = There is no canned reply "{ $name }" for this case's queue.
desk-reveal = 🔓 Unmasked personal data (NIK, NIP, phone, email) for case { $reference } (recorded in the audit log; do not copy it elsewhere):
desk-revealed = 🔓 { $agent } viewed this case's personal data unmasked (sent as a private message, recorded in the audit log).
desk-holiday-added = ✅ { $day } recorded as a day the desk is closed.
desk-holiday-usage = Usage: /libur <YYYY-MM-DD> <holiday name>
desk-late = ⏰ Case { $reference } has had no answer past its { $target } target. Please take it.
desk-late-twice = ⏰⏰ Case { $reference } has waited more than twice its { $target } target without an answer. Supervisors: { $supervisors }.
desk-user-left = 👋 The user left the chat with the agent; the case waits for the user. Your messages here still reach them.
desk-window-held-invited = ⏳ Your message cannot go yet: the user last wrote over 24 hours ago (WhatsApp's limit). They were sent the template inviting them to reply; your message goes as soon as they do.
desk-window-held-already = ⏳ Your message waits: the user's 24-hour WhatsApp window has closed and they were already invited to reply. Your message goes as soon as they do.
desk-window-held-no-template = ⏳ Your message cannot go yet: the user last wrote over 24 hours ago (WhatsApp's limit) and no invitation template is set (WHATSAPP_TEMPLATE). Your message goes as soon as the user writes again.
desk-window-held-template-refused = ⏳ Your message cannot go yet: the user last wrote over 24 hours ago (WhatsApp's limit) and WhatsApp refused the invitation template (check WHATSAPP_TEMPLATE). Your message goes as soon as the user writes again.
desk-message-undelivered = ⚠️ WhatsApp reports that a message to the user failed (code { $code }). Try sending it again or reach the user another way.
desk-message-given-up = ⚠️ A message for the user could not be sent and was dropped (for example a file that could not be fetched or is too large). Send it again another way.
desk-transfer-no-group = ⛔ The { $queue } queue has no agents' group yet; the case was not transferred.
desk-agent-removed = ✅ { $name } is no longer registered as an agent.
desk-agent-unknown = No agent with that id is registered.
desk-audit-ready = Audit log { $first } to { $last } (WIB): { $count } entries, attached as CSV. This export is recorded in the audit log too.
desk-audit-usage = Usage: /audit <YYYY-MM-DD first day> <YYYY-MM-DD last day>, for example /audit 2026-11-01 2026-11-30 (admins only).
desk-reveal-why = Give the reason for seeing the personal data unmasked (recorded in the audit log), for example: /reveal re-check with Dukcapil

desk-find-usage = Give the NIK to look for (16 digits), for example: /findnik 3171xxxxxxxxxxxx. Supervisors only; the lookup is recorded in the audit log.
desk-find-result = 🔎 Cases with NIK { $nik }: { $count } (recorded in the audit log).
desk-find-sent = 🔎 The NIK lookup's result was sent as a private message; the command was deleted from this group.
