# Keluarga Sehat application accounts (seed 004).

ks-title = Keluarga Sehat accounts

ks-menu =
    🏠 Keluarga Sehat (Healthy Family) application — requesting accounts.
    What do you need?
ks-opt-about = About the application
ks-opt-procedure = The 7-step procedure
ks-opt-roster = Build the roster
ks-opt-done = Done

ks-about =
    ℹ️ The Keluarga Sehat application
    • Information-technology support for the healthy-family data collection.
    • Used to enter data and to show dashboards of the data-collection status and the Healthy Family Index (Indeks Keluarga Sehat).
    • Web address: https://keluargasehat.kemkes.go.id

    User access by level: central (pusat), province, regency/city, Puskesmas.

    User types at the Puskesmas:
    • admin
    • head of the Puskesmas (kepala Puskesmas)
    • supervisor (coordinator of the field data collectors)
    • surveyor (field data collector)

ks-proc-1 =
    Step 1 of 7
    The regency/city health office (Dinas Kesehatan Kabupaten/Kota) inventories the Puskesmas where healthy-family data is collected, then lists the candidate managers of the application at each Puskesmas (Pembina Keluarga):
    • 1 Puskesmas administrator
    • 1 supervisor (coordinator of the field data collectors)
    • 10 surveyors (field data collectors)
    • the head of the Puskesmas
ks-proc-2 =
    Step 2 of 7
    The Dinas Kesehatan Kabupaten/Kota sends an official request letter (surat permohonan resmi) with the list of candidate Pembina Keluarga attached, including:
    • Name and code of the Puskesmas
    • Full name, NIP and NIK of the candidate administrator, supervisor, surveyors and the head of the Puskesmas
    • Position (jabatan)
    • Mobile number
    • Email address

    You can build this list here: menu “Build the roster”.
ks-proc-3 =
    Step 3 of 7
    Make sure the official request letter and its attachment are complete: name and code of the Puskesmas; full name, NIP and NIK of every candidate and of the head of the Puskesmas; position, mobile number and email address.
ks-proc-4 =
    Step 4 of 7
    The candidates' data goes to the Ministry of Health, namely the Center for Data and Information (Pusdatin):
    • By post: Jalan HR. Rasuna Said Blok X-5 Kav 4-9, Jakarta Selatan, 12950, Lt. 6 R.614, or
    • By email: keluargasehat@kemkes.go.id

    With a copy first to the provincial health office (Dinas Kesehatan Provinsi) as a report.
ks-proc-5 =
    Step 5 of 7
    Pusdatin checks that the data is complete, then creates the accounts:
    • 1 provincial health office account
    • 1 regency/city health office account
    • 1 Puskesmas administrator account
    with a guide to activating the account.
ks-proc-6 =
    Step 6 of 7
    The accounts are sent back to the requesting Dinas Kesehatan Kabupaten/Kota.
ks-proc-7 =
    Step 7 of 7
    The Dinas Kesehatan Kabupaten/Kota hands the admin account to the Puskesmas concerned, to be activated and used right away.
    The Puskesmas admin then creates the accounts of the supervisor, the surveyors and the head of the Puskesmas.
ks-proc-sop =
    🔒 Why is there an SOP for giving accounts?
    • Data security: Pusdatin already applies ISO 27001 (information security management, SMKI), and the data in the Keluarga Sehat application is part of the medical record of every person recorded, which must be kept confidential.
    • Pulling population data (NIK and NKK) from Dukcapil, Ministry of Home Affairs (Permendagri No 16/2015): every user who accesses population data from the Dukcapil server must be registered with the prescribed registration form.
ks-contacts =
    📞 Contact persons for the Keluarga Sehat application:
    1. Munaryo. 08128348722
    2. Wiwid. 081281382992
    3. Dewi Roro. 081386242105
    4. Ismail 081808252390
    5. Diah Puspita 081310241210
    6. Tatik 085642646756
    7. Margiyono 081382838445
    8. Amnur 0815100805060

ks-roster-intro =
    📋 The list of candidate Pembina Keluarga for one Puskesmas (for a Dinas Kesehatan Kabupaten/Kota).
    I will ask for your province and regency/city, the Puskesmas name and code, then for each person: full name, NIP, NIK, position, mobile number and email.
    In this order: administrator, supervisor, surveyors (1 to 10), head of the Puskesmas.
    The result: a CSV file of the candidates and the text of the request email.

ks-ask-province = Province of your health office? Type its name (e.g. Jawa Tengah).
ks-field-province = Province
ks-ask-regency = Regency/city of your health office? Type its name (e.g. Kota Semarang).
ks-field-regency = Regency/city
ks-ask-pkm-name = Name of the Puskesmas?
ks-field-pkm-name = Puskesmas name
ks-ask-pkm-code = Puskesmas code?
ks-field-pkm-code = Puskesmas code

ks-role-admin = Puskesmas administrator
ks-role-supervisor = Supervisor
ks-role-surveyor = Surveyor { $n }
ks-role-head = Head of the Puskesmas
ks-role-supervisor-csv = Supervisor
ks-role-surveyor-csv = Surveyor

ks-ask-p-name =
    👤 { $who }
    Full name?
ks-ask-p-nip =
    👤 { $who }
    NIP (18 digits)?
ks-ask-p-nik =
    👤 { $who }
    NIK (16 digits)?
ks-ask-p-jabatan =
    👤 { $who }
    Position (jabatan)?
ks-ask-p-mobile =
    👤 { $who }
    Mobile number?
ks-ask-p-email =
    👤 { $who }
    Email address?
ks-field-name = Full name
ks-field-nip = NIP
ks-field-nik = NIK
ks-field-jabatan = Position
ks-field-mobile = Mobile number
ks-field-email = Email

ks-dup-nip = ⚠️ This NIP is already used by { $other } ({ $name }) in this roster. Each person has their own NIP: please check it.
ks-dup-nik = ⚠️ This NIK is already used by { $other } ({ $name }) in this roster. Each person has their own NIK: please check it.
ks-person-saved = ✅ { $who } saved.

ks-ask-more = { $count } surveyor(s) so far (at most { $max }). Add another surveyor?
ks-opt-more-yes = Yes, add surveyor
ks-opt-more-no = No, continue
ks-surveyor-limit = { $max } surveyors: the number in the official procedure is reached.

ks-review =
    📋 Candidates — { $pkm_name } ({ $pkm_code }), { $count } people:

    { $list }

    NIP and NIK are masked here; the CSV file has them in full.
ks-review-line =
    { $n }. { $who }: { $name }
    { $jabatan } · NIP { $nip } · NIK { $nik }
    { $mobile } · { $email }
ks-opt-produce = Produce the files
ks-opt-redo = Re-enter one person
ks-opt-add-surveyor = Add a surveyor

ks-ask-redo-role = Whose data do you want to enter again?
ks-opt-role-admin = Administrator
ks-opt-role-supervisor = Supervisor
ks-opt-role-surveyor = Surveyor
ks-opt-role-head = Head of Puskesmas
ks-opt-back-review = Back to the roster
ks-ask-redo-which = Which surveyor? ({ $count } listed)
ks-opt-surveyor-1 = Surveyor 1
ks-opt-surveyor-2 = Surveyor 2
ks-opt-surveyor-3 = Surveyor 3
ks-opt-surveyor-4 = Surveyor 4
ks-opt-surveyor-5 = Surveyor 5
ks-opt-surveyor-6 = Surveyor 6
ks-opt-surveyor-7 = Surveyor 7
ks-opt-surveyor-8 = Surveyor 8
ks-opt-surveyor-9 = Surveyor 9
ks-opt-surveyor-10 = Surveyor 10
ks-redo-no-such-surveyor = There is no surveyor { $n }: this roster has { $count } surveyor(s).
ks-redo-start = ✏️ Entering { $who } again. The new answers replace the old data.

ks-csv-ready =
    📎 { $file } — list of { $count } candidate Pembina Keluarga.
    When you open it in a spreadsheet, import the NIP, NIK and mobile number columns as Text so that every digit is kept (separator: comma).
ks-email-intro = ✉️ The text of the request email, in Indonesian as the official language (copy it, then attach the official request letter and the CSV file):
ks-email-text =
    Kepada: { $to }
    Tembusan: Dinas Kesehatan Provinsi { $province } (isi alamat emailnya)
    Subjek: Permohonan Akun Aplikasi Keluarga Sehat — { $pkm } ({ $pkm_code })

    Yth. Pusat Data dan Informasi Kementerian Kesehatan,

    Bersama ini Dinas Kesehatan { $regency } mengajukan permohonan pembuatan akun Aplikasi Keluarga Sehat untuk { $pkm } (kode Puskesmas { $pkm_code }), dengan calon pengelola (Pembina Keluarga):
    • Administrator Puskesmas: { $admins } orang
    • Supervisor: { $supervisors } orang
    • Surveyor: { $surveyors } orang
    • Kepala Puskesmas: { $heads } orang
    Jumlah: { $total } orang.

    Terlampir surat permohonan resmi dan daftar nama calon Pembina Keluarga (nama lengkap, NIP, NIK, jabatan, nomor HP dan alamat email).

    Tembusan disampaikan kepada Dinas Kesehatan Provinsi { $province } sebagai laporan.

    Atas perhatian Bapak/Ibu kami ucapkan terima kasih.

    Hormat kami,
    Dinas Kesehatan { $regency }
ks-after-output =
    ⚠️ Send the copy to the Dinas Kesehatan Provinsi { $province } first, as a report, then send to { $to } (or by post to Pusdatin).
    Pusdatin checks that the data is complete, then sends the accounts back to your Dinas Kesehatan Kabupaten/Kota.
