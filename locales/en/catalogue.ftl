# The catalogue of procedures: its admin form and its import and export files.

# A procedure of the catalogue, as entered in the admin form or an import file.
procedure-field-name = the procedure name
procedure-field-field = the field
procedure-field-legal_basis = the legal basis
validation-procedure-empty = Please enter { $what }.
validation-procedure-too_long = Too long: { $what } has more than { $max } characters.
validation-procedure-level = The level must be «province» or «commune», not «{ $shown }».
validation-procedure-online_level = The online level must be «none», «partial» or «full», not «{ $shown }».
validation-procedure-paper_result = «paper_result» must be «yes» or «no», not «{ $shown }».
validation-procedure-limit_kind = The kind of time limit must be working_days, working_hours, calendar_days or same_day, not «{ $shown }».
validation-procedure-quantity = «{ $shown }» is not a valid number (for example: 3 or 0.5; at most two decimals).
validation-procedure-copy_kind = Copy kind «{ $shown }» is not valid; use: original, copy, certified copy, original or copy.
validation-procedure-fee_text = The description of fees and charges is longer than { $max } characters.
validation-procedure-fee_negative = The fee must not be negative.
validation-procedure-legal_limit_zero = The legal time limit must be greater than 0.
validation-procedure-committed_over_legal = The committed time limit ({ $committed }) must not be longer than the legal one ({ $legal }).
validation-procedure-document_unnamed = Document { $n } has no name.
validation-procedure-document_bar = Name «{ $name }» must not contain the character |.
validation-procedure-document_count = The number of «{ $name }» must be at least 1.
validation-procedure-step_unnamed = Step { $n } has no name.
validation-procedure-step_bar = Step name «{ $name }» must not contain the character |.
validation-procedure-step_role = Step «{ $name }» must be carried out by staff, not by «{ $role }».
validation-procedure-steps_over_committed = The steps take { $total } in total, more than the committed time limit ({ $committed }).
validation-procedure-steps_overflow = The steps take too long in total.

# Reading an import file: problems with the file, its header row and its cells.
catalogue-import-not_utf8 = The row has characters that cannot be read; save the file as UTF-8.
catalogue-import-bad_csv = The row is not valid CSV.
catalogue-import-not_xlsx = The file is not a valid XLSX spreadsheet.
catalogue-import-no_sheet = The first worksheet of the XLSX file cannot be read.
catalogue-import-empty = The file is empty: it needs a header row and data rows.
catalogue-import-header_row = Header row { $row }: { $problem }
catalogue-import-column_twice = Column «{ $column }» appears twice.
catalogue-import-column_unknown = Column «{ $column }» is not in the import template.
catalogue-import-column_missing = Column «{ $column }» is missing.
catalogue-import-duplicate_version = Procedure { $code } already has a version in force from this date, in row { $first }.
catalogue-import-amount = The amount «{ $shown }» is not valid (for example: 50000 or 50.000).
catalogue-import-amount_too_large = The amount is too large.
catalogue-import-date = The date «{ $shown }» is not valid; use the form YYYY-MM-DD, for example 2025-07-01.
catalogue-import-document_shape = «{ $shown }» must have the form: name; copy kind; number.
catalogue-import-document_count = The number of «{ $name }» must be a whole number.
catalogue-import-step_shape = «{ $shown }» must have the form: step name; role code; time.
catalogue-export-failed = The XLSX file could not be made: { $problem }
catalogue-export-too_many_rows = Too many rows.
catalogue-import-no_file = Please choose a CSV or XLSX file.
