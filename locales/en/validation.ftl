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
validation-applicant-birth_year_future = The year of birth { $year } has not come yet.
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

validation-what-unit = unit
validation-what-procedure = procedure
validation-code-empty = Please enter the { $what } code.
validation-code-chars = A { $what } code has only unaccented letters, digits and the characters . - _ (at most 32 characters).

validation-unit-level = Invalid unit level: «{ $value }».
validation-unit-name-empty = Please enter the unit's name.
validation-unit-name-too_long = The unit's name is longer than 200 characters.
validation-unit-effective_to = The end date must be after the effective date.
validation-unit-parent = Only a province-level unit has no parent unit.
validation-unit_change-kind = Invalid kind of change: «{ $value }».
validation-unit_change-merge = A merger needs at least two old units and exactly one new unit.
validation-unit_change-split = A split needs exactly one old unit and at least two new units.
validation-unit_change-rename = A renaming needs exactly one old unit and one new unit.
validation-unit_change-abolish = Dissolution applies to exactly one unit.
validation-unit_change-twice = A unit cannot appear twice in the same change.
validation-unit_change-legal_basis = Please give the legal basis (number and date of the document).

validation-login-empty = Please enter a login name.
validation-login-too_long = The login name is longer than 64 characters.
validation-login-chars = A login name has only unaccented letters, digits and the characters . _ - @ +.
validation-id-invalid = Invalid identifier.
validation-role-unknown = Invalid role: «{ $value }».
validation-role-needs_unit = The role «{ $role }» must be tied to a unit.
validation-role-citizen_unit = The citizen role is not tied to a unit.

validation-too_long = { $label } is longer than allowed: at most { $n } characters.
validation-field-unknown = This field
validation-field-sender_name = The sender's full name
validation-field-sender_address = The sender's address
validation-field-sender_id_number = The identity document number
validation-field-sender_phone = The phone number
validation-field-sender_email = The email address
validation-field-forwarded_by = The forwarding agency
validation-field-subject = The summary
validation-field-content = The content
validation-field-signatories = The list of signatories
validation-field-first_instance_code = The first-instance complaint number
validation-field-reason = The reason
validation-field-note = The note
validation-field-text = The text of the document
validation-field-complexity_reason = The reason for the complexity level
validation-field-agency = The competent agency
validation-field-items_text = The list of documents to supplement
validation-field-conclusion = The conclusion
validation-field-guidance = The guidance
validation-field-document = The document name
validation-field-visitor_name = The visitor's full name
validation-field-visitor_address = The visitor's address
validation-field-visitor_id_number = The identity document number
validation-field-representatives = The list of representatives
validation-field-prior_handling = The earlier handling
validation-field-forwarded_to = The place the petition was forwarded to
validation-field-documents = The documents the citizen provided
validation-field-host_name = The presiding official
validation-field-head_name = The head's full name
validation-field-host_title = The presiding official's position
validation-field-place = The place
validation-field-name = The name
validation-field-address = The address
validation-field-representative = The representative
validation-field-phone = The phone number
validation-field-email = The email address
validation-field-citizen_id = The citizen ID number
validation-field-tax_code = The tax code
validation-field-return_place = The place of return
validation-field-file_name = The file name
validation-field-full_name = The full name
validation-field-comment = The comment

# Checked against what is stored: units, the notification outbox, API keys.
validation-unit-parent_missing = The parent unit does not exist.
validation-unit-parent_not_in_force = The parent unit is no longer in force on the day this unit starts.
validation-unit-closed = The unit is no longer in force; its history cannot be changed.
validation-unit-predecessor_not_in_force = Unit «{ $name }» is not in force on the day before { $date }.
validation-unit-successor_start = Unit «{ $name }» must be in force from { $date }.
validation-outbox-message_id = The notification id is not valid.
validation-outbox-channel = Notification channel «{ $shown }» is not valid (email, sms or zalo).
validation-outbox-recipient = The notification has no recipient.
validation-token-scope = Permission scope «{ $shown }» is not valid.
validation-token-name = Please give the API key a name.
validation-token-expiry_past = The API key must expire after the time it is created.
validation-token-expiry_too_far = An API key can be valid for at most { $days } days.

# The web forms and query parameters: values that could not be read.
validation-input-instant = The time is not valid; enter a date and a time, for example 2026-03-10T17:00.
validation-action-invalid = The action is not valid.
validation-value-invalid = The value is not valid.
validation-value-invalid_shown = The value «{ $shown }» is not valid.
validation-unit-invalid = The unit is not valid.
validation-unit-choose = Choose a unit.
validation-unit-date = The date is not valid (dd/mm/yyyy).
validation-unit-parent_invalid = The parent unit is not valid.
validation-unit_change-from_invalid = A unit to merge is not valid.
validation-unit_change-from_two = Choose at least two units to merge.
validation-unit_change-legal_basis_empty = Please enter the legal basis.
validation-user-full_name_too_long = The full name is longer than 200 characters.
validation-user-email = The email address is not valid.
validation-form-paper = The paper size must be A4 or A5.
validation-form-year = The year is not valid.
validation-form-format = The format must be html, pdf, xlsx or csv.
validation-contact-empty = Please enter a mobile phone number or an email address.
validation-contact-landline = “{ $shown }” is a landline and cannot receive text messages. Please enter a mobile number or an email address.
validation-contact-chars = The address “{ $shown }” has characters a login cannot hold. Please use a phone number or another address.
