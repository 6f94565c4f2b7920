# Clinic registration in the Registrasi Fasyankes application — seed 002 (Ditjen Pelayanan Kesehatan juknis 2020).

clinic-title = Clinic registration (Registrasi Fasyankes)

clinic-menu =
    🏥 Clinic registration in the Registrasi Fasyankes application (Ditjen Pelayanan Kesehatan technical guide, 2020).
    The application is at registrasifasyankes.kemkes.go.id or through yankes.kemkes.go.id.

    What do you need?
clinic-opt-who = Who validates?
clinic-opt-docs = Check my documents
clinic-opt-form = Prepare the user form
clinic-opt-steps = 10 steps: where am I
clinic-opt-dinkes = Dinkes Kab/Kota steps
clinic-opt-finish = Finish
clinic-opt-back-menu = Back to clinic menu

## 1. Who validates

clinic-ask-ownership =
    What is your clinic's type of ownership?
    • Pemerintah (government)
    • Penanaman Modal Dalam Negeri (PMDN, domestic investment)
    • Penanaman Modal Asing (PMA, foreign investment)
clinic-opt-own-gov = Pemerintah (govt)
clinic-opt-own-pmdn = PMDN (domestic)
clinic-opt-own-pma = PMA (foreign)
clinic-who-answer =
    { $ownership ->
        [pma] ✅ Foreign investment (PMA): the clinic registration is validated by Kemenkes (the Ministry of Health).
        [pmdn] ✅ Domestic investment (PMDN): the clinic registration is validated by the Dinkes Kab/Kota of your clinic's own regency/city.
       *[gov] ✅ Government (Pemerintah): the clinic registration is validated by the Dinkes Kab/Kota of your clinic's own regency/city.
    }

    👤 The application user registration is always validated by the Dinkes Kab/Kota of the same regency/city. A user registration from a different regency/city cannot be validated.

## 2. Documents

clinic-doc-intro =
    📄 Documents to upload: soft copies in PDF format, no larger than 2 MB.
    • a. The application letter for clinic registration addressed to the Sesditjen Pelayanan Kesehatan, signed by the head of the clinic
    • b. The clinic's Surat Izin Operasional (operating licence)
    { $ownership ->
        [pma] • c. Proof of foreign investment (your clinic is PMA)
       *[other] (The proof of foreign investment is only for foreign ownership: your clinic does not need it.)
    }

    Send the files here one by one: I check their format and size. A file that is not ready can be skipped. This check is only in pandu; the official upload is still done in the Registrasi Fasyankes application.
clinic-ask-doc-letter = Send the application letter for clinic registration (addressed to the Sesditjen Pelayanan Kesehatan, signed by the head of the clinic) as a PDF of at most 2 MB, or skip it for now.
clinic-field-doc-letter = Application letter for clinic registration
clinic-ask-doc-permit = Send the clinic's Surat Izin Operasional as a PDF of at most 2 MB, or skip it for now.
clinic-field-doc-permit = Clinic's Surat Izin Operasional
clinic-ask-doc-pma = Send the proof of foreign investment as a PDF of at most 2 MB, or skip it for now.
clinic-field-doc-pma = Proof of foreign investment
clinic-doc-none = (none)
clinic-doc-result =
    📋 Document check (PDF, at most 2 MB)
    Passed the check:
    { $passed }

    Still missing:
    { $missing }
    { $complete ->
        [yes] All documents are ready to upload in the application.
       *[no] Prepare what is missing, then choose “Check my documents” again.
    }

## 3. User registration form

clinic-form-intro =
    📝 The “Pendaftaran User” (user registration) form opens from the “Daftar User” menu on the application's start page (Dinkes users: “Daftar User Dinkes”). Its fields: Kategori User, Jabatan, Email address, Password, Confirm Password, No KTP, Nama Lengkap, Jenis Kelamin, No Handphone, Tempat/Tanggal Lahir, Provinsi, Kota, Kecamatan, Alamat.

    I check these first: No KTP, Nama Lengkap, Email, No Handphone, date of birth, province, regency/city, district.
    Fill in yourself in the application: Kategori User (user category), Jabatan (position), Jenis Kelamin (sex), place of birth, Alamat (address).
    🔒 Password and Confirm Password: pandu never asks for them. Never send your password to anyone.
clinic-ask-nik = No KTP (NIK, 16 digits) as on the user's identity card:
clinic-field-nik = No KTP (NIK)
clinic-ask-name = Nama Lengkap (full name) as on the identity card:
clinic-field-name = Full name
clinic-ask-email = Email address: use an active email. It becomes the username for logging in, and the verification result and activation link are sent to it.
clinic-field-email = Email
clinic-ask-mobile = No Handphone (mobile number, e.g. 0812-3456-7890):
clinic-field-mobile = Mobile number
clinic-ask-birth-date = Date of birth (e.g. 17-08-1990):
clinic-field-birth-date = Date of birth
clinic-ask-province = Province: choose a number or type its name.
clinic-field-province = Province
clinic-ask-regency = Regency/city: choose a number or type its name.
clinic-field-regency = Regency/city
clinic-ask-district = District (kecamatan): choose a number or type its name.
clinic-field-district = District
clinic-review = Check the data for the Pendaftaran User form. Choose “Change …” to correct one field.
clinic-opt-make-text = Make text to copy
clinic-form-text =
    📋 Pendaftaran User form (in the application's order)
    Kategori User: (choose in the application)
    Jabatan: (fill in in the application)
    Email address: { $email }
    Password: (make your own, do not share it)
    Confirm Password: (repeat the password)
    No KTP: { $nik }
    Nama Lengkap: { $name }
    Jenis Kelamin: (choose in the application)
    No Handphone: { $mobile }
    Tempat/Tanggal Lahir: (place of birth) / { $birth_date }
    Provinsi: { $province }
    Kota: { $regency }
    Kecamatan: { $district }
    Alamat: (fill in in the application)
clinic-form-after =
    Copy the values above into the form, complete the rest, then click “Submit”. pandu does not send this data to the application and opens no ticket.
    • The Dinkes Kab/Kota of the same regency/city verifies your user (a registration from another regency/city cannot be validated).
    • If the data is valid, an activation link is sent to your email: click the link in the body of the email. Not in your inbox? Check the spam folder.

## 4. The 10-step flow

clinic-tracker-ask = Clinic registration has 10 steps, from the user form to the clinic code. Which step are you at now?
clinic-track-1 = Fill in the user form
clinic-track-2 = Dinkes verifies user
clinic-track-3 = Activate via email
clinic-track-4 = Log in: email+password
clinic-track-5 = Fill in the data
clinic-track-6 = Monitor progress
clinic-track-7 = Dinkes Kab/Kota checks
clinic-track-8 = Provincial monitoring
clinic-track-9 = Kemenkes makes the code
clinic-track-10 = Registration complete
clinic-tracker-reply = 📍 You are at step { $current } of { $total }: { $current_label }. Next: { $next_label }.
clinic-track-detail =
    { $step ->
        [s1] Step 1: the clinic fills in the user form (“Pendaftaran User”) from the “Daftar User” menu, then clicks “Submit”. The “Prepare the user form” section of this menu helps you prepare the values.
        [s2] Step 2: the Dinkes Kab/Kota verifies the user request based on the data received. If complete, a user activation link is sent; if not, you are told what data is missing.
        [s3] Step 3: activate the user through the link sent to the applicant's email. Click the link in the body of the email. Not in your inbox? Check the spam folder.
        [s4] Step 4: log in to the Registrasi Fasyankes application with the username (email) and password you registered, then click “Masuk”.
        [s5] Step 5: complete the registration data: the Data Dasar (basic data) form, Sumber Daya Manusia (SDM, human resources), and Sarana, Prasarana and Alat Kesehatan (facilities, infrastructure and medical equipment). Documents are uploaded as PDF of at most 2 MB. Make sure the data is correct before clicking “Kirim”: data that has been sent can no longer be changed or edited.
        [s6] Step 6: monitor the registration progress regularly (registration monitoring form). Wait for validation by the Dinkes Kab/Kota or the Ministry of Health as the rules say (PMA clinics: Kemenkes).
        [s7] Step 7: the Dinkes Kab/Kota verifies and validates the registration data. The result is sent to the user's active email. If corrections are needed, fix them in the Registrasi Fasyankes application.
        [s8] Step 8: the Dinkes Provinsi monitors the registration process. Watch your active email for the validation result.
        [s9] Step 9: Kemenkes automatically creates the clinic code after the Dinkes Kab/Kota approves; the notification is emailed to the clinic and the Dinkes Kab/Kota. The clinic code is in the body of the email.
       *[s10] Step 10: registration complete. The registration number appears in the clinic profile, and the clinic appears in the clinic lists of the Dinkes Kab/Kota, Dinkes Provinsi and Kemenkes users by region.
    }

## 5. Dinkes Kab/Kota

clinic-dinkes-menu = For Dinkes Kab/Kota users: log in to the Registrasi Fasyankes application (username = email, with the registered password), then validate user registrations and clinic registrations. Choose:
clinic-opt-dinkes-users = Validate users
clinic-opt-dinkes-clinics = Validate clinics
clinic-opt-dinkes-scope = Data access by user
clinic-dinkes-users =
    👤 Validating user registrations
    1) Click the “List User yang Mendaftar” menu, choose the user to validate, then click the “Verifikasi” icon.
    2) If valid, click “Kirim Validasi ke Email User”.
    The Dinkes Kab/Kota validates users of its own regency/city; a registration from another regency/city cannot be validated.
clinic-dinkes-clinics =
    🏥 Validating clinic registrations (Pemerintah and PMDN ownership; PMA clinics are validated by Kemenkes)
    1) Click the “List Registrasi Klinik” menu, choose the clinic to validate, then click the “verifikasi” icon.
    2) Check that the registration data is correct. If so, click “Setujui”. If not approved, give the reason as a note.
    3) Validation complete: the clinic code is sent directly by email.
clinic-dinkes-scope =
    🔐 Clinic data access by user
    • Klinik: its own clinic data
    • Dinkes Kab/Kota: clinics in its own regency/city, no access to other regencies/cities
    • Dinkes Provinsi: clinics in its own province, no access to other provinces
    • Kemkes: all clinic data
