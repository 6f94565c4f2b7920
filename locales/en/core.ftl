greeting =
    Hello! I am pandu, an assistant for health facility staff (puskesmas, clinics, hospitals).
    I guide you through SATUSEHAT, Registrasi Fasyankes, SATUSEHAT Mobile verification and Keluarga Sehat accounts — step by step.
welcome-back = Welcome back. Let's continue where you left off.
menu = Main menu — choose what you want to do (type its number):
help =
    Commands you can use at any time:
    • /menu — main menu
    • /kembali (/back) — go back one step
    • /batal (/cancel) — cancel the current procedure
    • /status — your cases and where you are in each procedure
    • /petugas (/human) — ask for help from a person
    • /bahasa (/language) — change language (Indonesia/English)
    • /datasaya (/mydata) — everything pandu holds about you, as a file
    • /hapusdata (/deletedata) — delete your data from pandu
    • /kirim <file> — send a file (in the console)
    You can also type a question, for example "what is the maximum file size".
progress = Step { $pos } of { $total } · { $flow }
empty-message = Empty message. Please type your answer.
edited-message = I do not read edited messages again. If you mistyped something, send the correct answer as a new message.
unsupported-message = Sorry, I cannot read this kind of message yet. I can read text, photos and documents (PDF or image). Please type your message, or send it again as a photo or document.
not-understood = Sorry, I did not understand that. Choose one of the menu items below, or choose "Talk to a person" to get help from a human.
unknown-command = Unknown command /{ $command }. Type /help to see the list of commands.
choose-option = That is not one of the options. Type a number from 1 to { $count } or press one of the buttons. Need help? Type /human.
choose-option-one = That is not the option offered. Press its button or type 1. Need help? Type /human.
stale-button = That button belongs to a step that is over. Here is your current step:
flow-gone = The procedure you were in has been updated, so we start again from the menu.
flow-replaced = Your unfinished answers in "{ $flow }" were not kept.
flow-resumed = You are already in this procedure. Let's continue from your last step.
flow-hint = That is covered by the procedure "{ $flow }". Finish this step first, or type /menu to open it.
switch-confirm = You are filling in "{ $old }". If you move to "{ $new }", the unfinished answers will be deleted. Move now?
opt-switch-yes = Yes, open { $flow }
opt-switch-no = No, continue { $flow }
flow-finished = "{ $flow }" is complete. Is there anything else I can help with?
cancel-confirm = Cancel this procedure? The answers you entered in it will be deleted.
cancel-done = "{ $flow }" was cancelled and its answers deleted.
cancel-kept-memory = The document checklists and step positions you marked are still saved.
cancel-kept = All right, the procedure continues. Nothing was deleted.
cancel-nothing = No procedure is in progress.
back-first = This is already the first step.
back-nothing = There is no previous step.
language-ask = Pilih bahasa / Choose a language:
language-switched = Language switched to English.
confirm-value-ask = Use this value?
secret-warning =
    ⚠️ That message looks like a password, a Secret key or an access code. I have NOT stored it.
    Never share a password, a Client key/Secret key or a verification access code with anyone, pandu and helpdesk staff included. If you already sent it somewhere else, change the password now.
human-ask = Describe your problem briefly in one message. A staff member will read it together with your current answers.
human-ask-plain = Describe your problem briefly in one message. A staff member will read it and contact you in this chat.
human-cancelled = All right, the request for a person was cancelled.
human-case-created =
    Your request was recorded with reference number { $reference } (queue: { $queue }).
    A staff member will contact you in this chat. Follow it with /status.
human-case-continue = While you wait, you can continue the procedure:
file-not-expected = File received, but this step does not ask for a file, so I did not keep it.
upload-expected = At this step I am waiting for a file. Send the file (photo or document).
upload-accepted = ✅ File "{ $name }" ({ $size }) received.
upload-skipped = Skipped. You can send this file later.
upload-kept = Skipped. The file received earlier is kept.
upload-have = Received earlier: "{ $name }" ({ $size }). Send a new file to replace it, or skip.
checklist-help = Type a document's number (1–{ $count }) to tick or untick it, several at once if you like (e.g. "1 3"), then choose "Done".
tracker-last = (this is the last step)
region-not-found = No region matches "{ $query }". Type another name or choose its number from the list.
region-several =
    Several regions match:
    { $list }
    Type a fuller name or choose its number from the list.
status-no-cases = You have no open cases.
status-cases-header = Your open cases:
status-case-line = • { $reference } — { $queue } — { $status } (since { $date })
status-active-flow = In progress: { $flow }, step { $pos } of { $total }.
status-active-flow-plain = In progress: { $flow }.
status-checklist = • { $flow }: { $done } of { $total } documents ready.
status-tracker = • { $flow }: you are at step { $current } of { $total } — { $label }
opt-next = Continue
opt-done = Done
opt-skip = Skip for now
opt-cancel = Cancel
opt-yes-cancel = Yes, cancel
opt-no-continue = No, continue
opt-confirm-value = Yes, use it
opt-change-value = Change
opt-edit-field = Change { $field }
opt-continue-flow = Continue: { $flow }
opt-status = My status
opt-human = Talk to a person
opt-language = Bahasa / Language
queue-satusehat-onboarding = SATUSEHAT account & institution
queue-vendor-integration = Vendor integration service
queue-clinic-registration = Registrasi Fasyankes
queue-kyc = SATUSEHAT Mobile verification (KYC)
queue-keluarga-sehat = Keluarga Sehat
queue-general = General
case-status-open = received
case-status-waiting-agent = waiting for a staff member
case-status-with-agent = with a staff member
case-status-waiting-user = waiting for your answer
case-status-resolved = resolved
case-status-closed = closed

## Telegram command menu (setMyCommands): short descriptions, at most 256 characters.
command-start = Start and show the main menu
command-menu = Main menu (pauses the current procedure)
command-batal = Cancel the current procedure
command-kembali = Back to the previous question
command-status = Status of your cases and steps
command-petugas = Talk to a person
command-bahasa = Change language (Indonesia/English)
command-bantuan = Help and list of commands
command-datasaya = My data held by pandu
command-hapusdata = Delete my data

## The agents' desk, as the facility user sees it.
desk-in-chat = You are connected with an agent for case { $reference }: your messages go to them. Type /status to see your cases, or /cancel to leave the chat with the agent.
desk-leave-confirm = Leave the chat with the agent? Case { $reference } stays open and the agent can still contact you here.
opt-leave-desk-yes = Yes, leave
opt-leave-desk-no = Stay with the agent
desk-left = You left the chat with the agent. Case { $reference } stays open; see /status.
desk-stay = All right, you stay connected with the agent.
desk-agent-joined = 👤 { $agent } from the helpdesk team is now handling case { $reference }. Please continue the conversation here.
desk-agent-message = 👤 { $agent }: { $text }
desk-agent-file = 👤 { $agent } sent a file.
desk-released = The agent released case { $reference }; another agent will take it over.
desk-waiting-user = The agent is waiting for your answer on case { $reference }. Please reply here.
desk-transferred = Case { $reference } was transferred to the { $queue } team. An agent from that team will continue.
desk-resolved = Case { $reference } was marked resolved by the agent.
desk-reopened = Case { $reference } was reopened. An agent will contact you here.
rating-ask = How satisfied are you with the help on case { $reference }? Choose 1 (poor) to 5 (very satisfied).
opt-rating-skip = Skip
rating-comment-ask = Thank you! Any comment for the agent? Type it here, or choose Skip.
rating-thanks = Thank you for your rating.
rating-skipped = All right, no rating.
status-add-hint = Type /add to add information or a file to your newest case.
case-info-ask = Type the additional information for case { $reference }, or send the photo/document.
case-info-added = Added to case { $reference }; the agents will see it.
case-info-cancelled = All right, nothing was added.
desk-received-open = Case { $reference } has reached the { $queue } team. An agent usually answers within { $target } (service hours: { $hours }).
desk-received-closed = Case { $reference } has reached the { $queue } team. It is now outside service hours ({ $hours }); an agent will answer from { $next }.
desk-target-hours = { $n } working hours
desk-target-minutes = { $n } working minutes
desk-reply-hint = To answer the agent about case { $reference }, type /add and then your message.
mydata-sent = Here is everything pandu holds about you, in one file: the conversation, your complaints and requests with their history, and the record of who (staff or admins) accessed that data and when.
erase-confirm =
    Delete your data from pandu?
    • Your conversation with pandu and the answers of a procedure in progress are deleted.
    • Finished complaints and requests are anonymised: names, NIKs, phone numbers, emails, screenshots and message texts are deleted.
    • Complaints still open keep the data staff need to resolve them; once resolved, that data is deleted under the retention policy.
    This cannot be undone.
opt-erase-yes = Yes, delete my data
opt-erase-no = No, keep it
erase-done = Your data was deleted from pandu. A record that you asked for the deletion is kept for audit, without your data.
erase-open-cases = Complaints still open ({ $references }) keep their data until they are resolved, because staff still need it to handle them. After that, their data is deleted under the retention policy.
erase-kept = All right, your data was not deleted.
consent-ask =
    Before we go on: this procedure asks for personal data.
    • What is recorded: name, NIK or NIP, phone number, email, and the screenshots its steps ask for. Passwords, Secret keys and access codes are never asked for.
    • What for: to prepare and handle your complaint or request, and to pass it to the Ministry of Health staff who handle it.
    • How long: NIKs and screenshots are deleted { $identifier_days } days after the complaint is resolved; other data is anonymised after { $case_days } days. While kept, personal data is stored encrypted.
    • Who sees it: the staff handling your complaint. They see NIKs, phone numbers and emails masked; only a supervisor can unmask them, with the reason recorded.
    • Your rights: /mydata to see all your data, /deletedata to delete it. You may decline: the step-by-step guides stay available without personal data, and /human gets you a person.
    Do you agree?
opt-consent-yes = I agree
opt-consent-no = I do not agree
consent-declined = All right, no personal data is asked and this procedure stops. You can still read the step-by-step guides from the menu below, or type /human to be helped by a person.
