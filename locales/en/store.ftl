# motcua: what a person reads when a change collides with what is stored. The id is
# store-conflict-<what>.

store-conflict-petition_code = This petition number has already been issued; please register again.
store-conflict-petition_version = Someone else has just updated this petition. Please reload the page to see its latest state, then try again.
store-conflict-reception_day = This citizen reception day is already in the schedule.
store-conflict-unit_code_overlap = Unit code { $code } is already used by another unit over the same period.
store-conflict-unit_version = A version of this unit with the same code and the same effective date already exists.
store-conflict-unit_reorganised = The reorganisation of unit «{ $name }» has already been recorded.
store-conflict-user_login = This login name is already taken.
store-conflict-user_role = The user already has this role in this unit.
store-conflict-dossier_code = This dossier code has already been issued; please receive the dossier again.
store-conflict-dossier_version = Someone else has just updated this dossier. Please reload the page to see its latest state, then try again.
store-conflict-dossier_rated = This dossier has already been rated; each dossier can be rated only once.
store-conflict-procedure_version = This procedure already has a version effective from the same date.
store-conflict-saved_filter_name = You already have a filter with this name; choose another.
