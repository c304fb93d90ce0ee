# One-stop dossiers: messages of the printed forms and the logbook.

dossier-form-not-issued = This dossier has no { $what } yet.
dossier-form-supplement = supplement request
dossier-form-refusal = refusal notice
dossier-form-apology = apology letter with a new return date
form-not-available = This form cannot be printed: { $detail }

# The dossier code typed by a citizen or issued at reception.
validation-dossier_code-shape = A dossier code looks like AGENCY-CODE-YYMMDD-NUMBER, for example H15.50.05.13-261008-0975.
validation-dossier_code-empty = Please enter the dossier code printed on the receipt.
validation-dossier_code-wrong_characters = A dossier code contains only unaccented letters, digits, dots and dashes; remove: { $chars }.
validation-dossier_code-missing_date_and_sequence = The date of receipt and the running number are missing. { validation-dossier_code-shape }
validation-dossier_code-missing_date = The date of receipt (6 digits, year-month-day) is missing between the agency code and the running number. { validation-dossier_code-shape }
validation-dossier_code-missing_sequence = The running number (4 to 7 digits) is missing after the date. { validation-dossier_code-shape }
validation-dossier_code-too_many_parts = A dossier code has 3 parts joined by dashes, but { $n } parts were entered. { validation-dossier_code-shape }
validation-dossier_code-missing_agency = The agency code at the start of the dossier code is missing. { validation-dossier_code-shape }
validation-dossier_code-agency_too_long = The agency code is { $n } characters long, more than { $max }; please check the part before the date of receipt.
validation-dossier_code-agency_malformed = An agency code is groups of unaccented letters and digits separated by exactly one dot, with no dot at the start or the end (for example H15.50.05.13).
validation-dossier_code-date_not_six_digits = The date of receipt must be 6 digits (year-month-day, for example 261008 is 08/10/2026), not «{ $shown }».
validation-dossier_code-impossible_date = «{ $shown }» is not a real date (read as year-month-day: 20{ $yy }, month { $mm }, day { $dd }); please check the date part.
validation-dossier_code-sequence_not_digits = The running number contains only digits, not «{ $shown }».
validation-dossier_code-sequence_too_short = The running number has { $n } digits; it needs at least 4 (keep the leading zeros, for example 0975).
validation-dossier_code-sequence_too_long = The running number has { $n } digits; at most 7 are allowed.
validation-dossier_code-year_range = The date of receipt must fall in the years 2000–2099 (the dossier code holds only two digits of the year).
validation-dossier_code-width = The running number must have from { $min } to { $max } digits.
validation-dossier_code-sequence_too_wide = Running number { $sequence } does not fit in { $width } digits; increase the running number's length in the configuration.
validation-dossier_code-agency_lowercase = An agency code is written in capital letters (for example H15.50.05.13).

# Files attached to a dossier.
validation-upload-empty = File «{ $name }» is empty (0 bytes); please choose the file again.
validation-upload-too_large = File «{ $name }» is { $size }, over the limit of { $max } per file; scan at a lower resolution or split the file.
validation-upload-unsupported_known = File «{ $name }» is { $what }; only PDF files and JPEG or PNG images are accepted.
validation-upload-unsupported = File «{ $name }» is not a PDF, JPEG or PNG; only PDF files and JPEG or PNG images are accepted.
validation-upload-extension_mismatch = File «{ $name }» ends in .{ $extension } but contains { $actual }; choose the right file or rename it to .{ $fix }.
validation-upload-unsupported_extension = File «{ $name }» ends in .{ $extension }; only .pdf, .jpg, .jpeg and .png are accepted; it contains { $actual }, rename it to .{ $fix }.
validation-upload-content_type_mismatch = File «{ $name }» was sent as { $declared } but contains { $actual }; please choose the file again.
validation-upload-too_many_files = The dossier has { $count } files, at most { $max } are allowed; put the pages of one document into one PDF file.
validation-upload-total_too_large = The files total { $total }, over the limit of { $max } for one dossier.
validation-upload-duplicate = File «{ $second }» is identical to the attached file «{ $first }».
upload-unnamed = (unnamed)
upload-kind-pdf = a PDF file
upload-kind-jpg = a JPEG image
upload-kind-png = a PNG image
upload-looks_like-program = a computer program
upload-looks_like-archive = an archive or a Word/Excel file (.zip, .docx, .xlsx)
upload-looks_like-old_office = an old Word/Excel file (.doc, .xls)
upload-looks_like-gif = a GIF image
upload-looks_like-phone_media = a HEIC image or a phone video

# The citizen's rating of how a dossier was handled.
validation-rating-missing = Please choose a rating for criterion { $letter }) { $criterion }.
validation-rating-always_applies = Criterion { $letter }) applies to every dossier; please choose a rating.
validation-rating-unknown = Rating «{ $shown }» is not valid; choose Very satisfied, Satisfied or Not satisfied.
validation-rating-comment_too_long = Other comments are longer than { $max } characters ({ $n } characters).

# The dossier forms and API: values that could not be read or used.
validation-dossier-action = The action is not valid; the actions are: { $known }.
validation-dossier-new_due_empty = Please enter the new return date.
validation-dossier-to_unit = Choose the agency the dossier is transferred to.
validation-dossier-receiver = The receiver is not valid.
validation-dossier-unit_missing = Choose where the dossier is received.
validation-dossier-unit_invalid = The receiving office is not valid.
validation-dossier-channel = The channel must be desk, online or post.
validation-dossier-paid_online = Online payment must be empty, portal (the national portal) or province (the province's gateway).
validation-dossier-procedure = Choose an administrative procedure.
validation-dossier-status = The status «{ $shown }» is not valid.
validation-dossier-receiver_not_found = The receiver was not found.
validation-dossier-transfer_same_unit = This agency is already handling the dossier; choose another agency to transfer it to.
validation-dossier-supplement_files_required = Choose a file for the documents to add.
validation-dossier-to_unit_not_found = The receiving agency was not found.
validation-dossier-base64 = The file content is not valid base64.
validation-dossier-due_within_hours = The number of hours before the due time must be a positive whole number.
dossier-lookup-not_found = No dossier has the code { $code }. Please check the code printed on the receipt.
validation-dossier-procedure_not_in_force = The procedure is not in the catalogue or is not yet in force on the day of receipt.
validation-dossier-document_unknown = Document { $n } is not among the documents the procedure requires.
validation-dossier-document_missing = A required document is missing: { $name }.
validation-dossier-rating_verify = The last four digits of the applicant's citizen ID number (or tax code) are not correct.
validation-dossier-new_due_calendar = The new return date could not be checked against the working calendar: { $problem }
validation-dossier-due_calendar = The time limit could not be computed: { $problem }
dossier-rating-not_open = A dossier can be rated only after its result has been returned.
dossier-new_due-day_off = { $date } is { $name }
dossier-new_due-outside_hours = { $time } is outside working hours (working hours: { $hours })
dossier-due-explanation = Time limit: { $limit }; counting rules: { $rules }.

## A due date's explanation, step by step (domain::explain). Names of days off and legal
## sources are quoted in Vietnamese, as the calendar files give them.
time-limit-working_days = { $n ->
    [one] { $n } working day
   *[other] { $n } working days
}
time-limit-working_hours = { $n ->
    [one] { $n } working hour
   *[other] { $n } working hours
}
time-limit-working_minutes = { $h } h { $m } min of working time
time-limit-calendar_days = { $n ->
    [one] { $n } day
   *[other] { $n } days
}
time-limit-same_day = the same day
day-kind-holiday = public holiday
day-kind-compensatory = compensatory day off
day-kind-swap_day_off = swapped day off
day-kind-makeup_workday = make-up working day
weekday-mon = Monday
weekday-tue = Tuesday
weekday-wed = Wednesday
weekday-thu = Thursday
weekday-fri = Friday
weekday-sat = Saturday
weekday-sun = Sunday
day-off-listed = { $name } ({ $kind })
day-off-weekly = { $weekday } (weekly rest day)
day-off-unnamed = { "" }
due-step-line = { $when }: { $why }
due-step-received = received; time limit { $limit }
due-step-moved-day_off = received on a day off ({ $off }); counted as received at the start of the next working day — { $source }
due-step-moved-cutoff = received after { $cutoff }; counted as received at the start of the next working day — { $source }
due-step-moved-after_hours = received after working hours; counted as received at the start of the next working day — { $source }
due-step-counted = working day { $k } of { $n }
due-step-hours = { $h } h { $m } min of working time counted ({ $th } h { $tm } min so far)
due-step-last_calendar_day = last day of the { $n }-day limit (counted from { $from }) — { $source }
due-step-skipped = not counted
due-step-skipped-listed = not counted: { $off } — { $source }
due-step-skipped-weekly = not counted: { $off }
due-step-end_moved = { $skipped }; the limit ends on the next working day — { $source }
due-step-paused = paused; { $remaining } left
due-step-resumed = resumed; { $remaining } left
due-step-restarted = counted again from the start: { $limit }
due-step-due = results due
track-late = This dossier is past its due date.
track-apology = The agency apologised on { $at } and set a new date: { $due }.
track-late-finished = This dossier was settled after its due date.
validation-dossier-note_empty = Write the note.
validation-dossier-note_too_long = The note is too long: at most { $max } characters.
validation-dossier-assignee = Choose an officer of the handling unit who works this step.
validation-saved_filter-name = Give the filter a name.
validation-saved_filter-too_many = One person can keep at most { $max } filters; delete one first.
dossier-error-not_in_a_step = The dossier is at no processing step, so it cannot be assigned.
