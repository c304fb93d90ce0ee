# motcua: messages beside the fields of an input that broke a rule. The id is
# validation-<subject>-<what>.

validation-unknown_field = This field is not part of the request; remove it or correct its name.

validation-phone-empty = Please enter a phone number.
validation-phone-not_digits = Phone number «{ $shown }» may contain only digits (optionally starting with +84).
validation-phone-no_prefix = Phone number «{ $shown }» must start with 0 or +84.
validation-phone-old_mobile = «{ $shown }» is an old 11-digit mobile prefix, moved to 10 digits in 2018; please enter the new number.
validation-phone-mobile_prefix = Mobile number «{ $shown }» has an invalid prefix (mobile prefixes are 03, 05, 07, 08, 09).
validation-phone-landline_prefix = Landline number «{ $shown }» must start with area code 02.
validation-phone-length = Phone number «{ $shown }» has { $n } digits; mobile numbers have 10 digits, landlines 11 (including the leading 0).

validation-email-empty = Please enter an email address.
validation-email-too_long = The email address is longer than { $max } characters.
validation-email-space = Email «{ $shown }» must not contain spaces.
validation-email-no_at = Email «{ $shown }» is missing the @ sign.
validation-email-two_at = Email «{ $shown }» may contain only one @ sign.
validation-email-no_local = Email «{ $shown }» is missing the name before @.
validation-email-no_domain = Email «{ $shown }» is missing the domain after @ (for example: name@gmail.com).
validation-email-bad_domain = Email «{ $shown }» has an invalid domain.

validation-tax_code-empty = Please enter a tax code.
validation-tax_code-not_digits = Tax code «{ $shown }» may contain only digits and one - before the branch code.
validation-tax_code-length = A tax code has 10 digits (branches: add - and 3 digits); «{ $shown }» has { $n } digits before the branch code.
validation-tax_code-branch_length = The branch code after - must have 3 digits; «{ $branch }» has { $n } digits.

validation-applicant-kind-empty = Please choose whether the applicant is a person or an organisation.
validation-applicant-kind-unknown = The applicant must be a «person» or an «organisation», not «{ $kind }».
validation-applicant-birth_year = Year of birth «{ $year }» is not valid (for example: 1985).
validation-applicant-no_contact = Please enter a phone number or an email address so that the agency can reach the applicant when needed.
validation-applicant-name-empty = Please enter the full name or the organisation's name.
validation-applicant-name-too_long = The full name or organisation's name is longer than { $max } characters ({ $n } characters).
validation-applicant-name-control = The full name or organisation's name contains invalid control characters.
validation-applicant-address-empty = Please enter the address.
validation-applicant-address-too_long = The address is longer than { $max } characters ({ $n } characters).
validation-applicant-address-control = The address contains invalid control characters.
validation-applicant-representative-empty = Please enter the representative's name.
validation-applicant-representative-too_long = The representative's name is longer than { $max } characters ({ $n } characters).
validation-applicant-representative-control = The representative's name contains invalid control characters.

validation-citizen_id-empty = Please enter the citizen ID number.
validation-citizen_id-letter = A citizen ID number has only digits, no letters («{ $char }» in «{ $shown }»).
validation-citizen_id-not_digit = A citizen ID number has only digits; please remove «{ $char }».
validation-citizen_id-old_card = This looks like an old identity card number (9 digits); please enter the 12-digit citizen ID number.
validation-citizen_id-too_short = A citizen ID number has exactly 12 digits; only { $n } entered ({ $missing } missing).
validation-citizen_id-too_long = A citizen ID number has exactly 12 digits; { $n } entered ({ $extra } too many).
validation-citizen_id-province = The first three digits «{ $code }» are not the code of a province of birth registration; please check against the card.
validation-citizen_id-birth_year = Year of birth { $year } is not valid.
validation-citizen_id-century = The 4th digit of the citizen ID number («{ $digit }») says the person was born in { $start }–{ $end }, but the form gives year of birth { $year }.
validation-citizen_id-year = Digits 5–6 of the citizen ID number («{ $digits }») say year of birth { $card }, but the form gives year of birth { $year }.
