## SATUSEHAT portal registration for a health facility (seed 000)

portal-title = SATUSEHAT portal account

portal-start =
    This guide helps a health facility create a SATUSEHAT portal account, register the institution and get the API codes for bridging.
    Which stage are you at?{ $docs }
portal-start-docs = Supporting documents you have ticked: { $done } of { $total }.
portal-opt-from-start = Start from the beginning
portal-opt-institution = Registrasi Institusi
portal-opt-docs = Supporting documents
portal-opt-wait = Awaiting verification
portal-opt-api = API codes

portal-account-open =
    Open the website https://satusehat.kemkes.go.id/
    On the front page, choose “Buat Akun” (create account).
portal-account-form =
    Fill in the form “Buat Akun SATUSEHAT Anda”:
    • Nama: your name
    • Email: the puskesmas/facility email is recommended
    • Nomor telepon: no special rule; the facility's mobile number (if it has one) or the office line
    • Kata sandi and Konfirmasi kata sandi (password, then the same password again)

    Type your password only in the portal. pandu never asks for your password.

portal-pw-rule =
    The portal's password rule: at least 8 characters including an uppercase letter (A-Z), a lowercase letter (a-z) and a digit (0-9).

    Would you like to check your password with a few yes/no questions? Do not send the password here.
portal-opt-pw-check = Check my password
portal-opt-pw-skip = Skip
portal-opt-yes = Yes
portal-opt-no = No
portal-pw-ask-length = Does your password have at least 8 characters?
portal-pw-ask-upper = Does it have at least one uppercase letter (A-Z)?
portal-pw-ask-lower = Does it have at least one lowercase letter (a-z)?
portal-pw-ask-digit = Does it have at least one digit (0-9)?
portal-pw-ask-same = Is “Konfirmasi kata sandi” exactly the same as “Kata sandi”?
portal-pw-part-length = at least 8 characters
portal-pw-part-upper = an uppercase letter (A-Z)
portal-pw-part-lower = a lowercase letter (a-z)
portal-pw-part-digit = a digit (0-9)
portal-pw-part-same = “Konfirmasi kata sandi” the same as “Kata sandi”
portal-pw-ok = ✅ Your password meets the portal's rule.
portal-pw-missing =
    ⚠️ Still missing:
    { $missing }
portal-pw-retry = Change the password in the portal form (do not send it here), then check again.
portal-opt-pw-again = Check again
portal-opt-continue = Continue

portal-create =
    When everything is filled in, press the “Buat akun” button.
    Then open the email account you used: look for the email from the Ministry of Health (Kementerian Kesehatan RI) with the account activation information, and press “Aktifkan akun”.
portal-activate = Is your account active now?
portal-opt-activated = It is active
portal-opt-button-failed = The button failed
portal-opt-no-mail = No email yet
portal-activate-fix =
    If the “Aktifkan akun” button fails: copy the activation URL shown below the button and open it in the browser you use.
    Once activation is complete, you can use the account to log in to the SATUSEHAT portal.
portal-activate-no-mail =
    The activation email is sent by the Ministry of Health (Kementerian Kesehatan RI) to the email address you entered in the form.
    This guide says nothing more about an email that does not arrive. Type /human to ask a staff member for help.

portal-institution =
    Registrasi Institusi: you register your facility so that it gets the account codes used for bridging to SATUSEHAT.
    • Log in with your account and click the “Registrasi Institusi” menu
    • Choose “Fasilitas Pelayanan Kesehatan”
    • Follow the steps of the form provided by DTO
    • Facility code (kode fasyankes): use the correct new code. For Jawa Tengah, you can refer to the Buku Data Dasar Puskesmas 2020: https://dinkesjatengprov.go.id/v2018/storage/2021/07/Buku-Data-Dasar-Pusk-RS-Tahun-2020.pdf

portal-docs =
    Before continuing the institution registration, prepare 4 supporting documents:
    1. Surat Izin Operasional (operating licence)
    2. Pakta Integritas (integrity pact), signed by the head of the facility
    3. Surat Kuasa/Tugas (power of attorney/assignment letter) for the PIC (person in charge)
    4. Cooperation agreement (MOU) with your RME vendor
    Tick each document that is ready (press again to untick), then choose done. pandu remembers your ticks.
portal-doc-izin = Surat Izin Operasional
portal-doc-pakta = Pakta Integritas
portal-doc-kuasa = Surat Kuasa/Tugas PIC
portal-doc-mou = MOU with RME vendor
portal-docs-all = ✅ All four supporting documents are ready.
portal-docs-missing-list =
    ⚠️ Still missing { $count } of { $total } documents:
    { $missing }
portal-docs-missing = Continue anyway, or stop now and come back later? Your ticks are saved.
portal-opt-continue-anyway = Continue anyway
portal-opt-later = Stop for now
portal-opt-back-to-list = Back to the list
portal-docs-later = Your document ticks are saved. When the documents are complete, type /portal and choose “Supporting documents” to continue.

portal-rme =
    After choosing the institution category, complete the institution profile.
    • At the step to choose the RME system, click “Menggunakan Penyedia Sistem RME” (using an RME system provider)
    • Choose your RME provider (your facility's RME vendor)
    • Upload the cooperation document/MOU with that vendor
portal-send = Last step: click the “Kirim” button to send all the documents and forms you filled in.
portal-final-check =
    ⚠️ A final validation form appears before the data is really sent. After that the data can no longer be changed.
    Make sure every entry is right. Have you checked?
portal-opt-checked = All correct
portal-opt-not-checked = Check first
portal-final-review =
    Check the form entries, the facility code and the uploaded documents in the portal again.
    When everything is right, continue.

portal-wait =
    Once saved, the facility only has to wait for the data to be verified. Check the verification information periodically at https://satusehat.kemkes.go.id/
    Has your facility been verified?
portal-opt-verified = Yes, verified
portal-opt-not-yet = Not yet
portal-wait-later = Check the portal periodically. Once verified, type /portal and choose “API codes”.

portal-api =
    Once verified, open the “Akses kode API” page. It shows:
    • Organization ID
    • Client key
    • Secret key
    The API codes shown depend on the selected environment (for example production).
portal-api-vendor =
    Give these API codes only to your facility's RME vendor, for bridging to SATUSEHAT.
    🔒 Never send the API codes to pandu or to anyone other than your RME vendor. pandu never asks for API codes, the Secret key or passwords.
