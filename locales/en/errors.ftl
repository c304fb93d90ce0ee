# motcua: English texts of the domain's refusals. The id is <capability>-error-<code>, where
# <code> is the error's stable API code; arguments come from the domain (`Message::args`).

dossier-error-dossier_finished = The dossier is closed ({ $status }); no further action is possible.
dossier-error-action_not_allowed = Cannot “{ $action }” while the dossier is “{ $status }”. { $count ->
        [0] No action is allowed.
       *[other] Allowed actions: { $allowed }.
    }
dossier-error-second_supplement = Additional documents were already requested once; the rules allow one complete request only.
dossier-error-second_apology = The applicant was already sent an apology with a new date once; a second new date is not allowed.
dossier-error-apology_too_late = The due date has passed; the apology with a new date must be made before the due date.
dossier-error-new_due_not_later = The new return date must be after the current one.
dossier-error-new_due_not_working_time = The new return date must be within the agency's working time: { $reason }.
dossier-error-new_due_too_far = The new return date may not be later than { $latest } (the current due date plus one more time limit of the procedure).
dossier-error-missing_field = Please state { $what }.

petition-error-kind_missing = No kind of petition was chosen (complaint, denunciation, recommendation or feedback).
petition-error-mixed_must_split = The petition has several different contents ({ $kinds }); do not register it as one petition but guide the citizen to split it into separate petitions (Law on Citizen Reception 2013, Article 25(3)).
petition-error-reason_not_applicable = The reason “{ $reason }” does not apply to a { $kind }.
petition-error-missing_field = Please state { $what }.
petition-error-petition_finished = The petition is closed ({ $status }); no further action is possible.
petition-error-action_not_allowed = Cannot “{ $action }” while the petition is “{ $status }”. { $count ->
        [0] No action is allowed.
       *[other] Allowed actions: { $allowed }.
    }
petition-error-already_forwarded = A denunciation with the same content was already forwarded once; a petition with the same content is forwarded only once (Circular 05/2021/TT-TTCP, Article 14).
petition-error-extension_beyond_limit = The extension is not allowed: { $detail }
petition-error-extension_not_applicable = The time limit of a { $kind } cannot be extended; only denunciations can be (Law on Denunciation 2018, Article 30).
petition-error-complexity_not_applicable = The complexity “{ $complexity }” does not apply to a { $kind }.
petition-error-withdrawal_continue_not_applicable = Only a denunciation may continue after withdrawal because of signs of an offence; a withdrawn { $kind } is closed.
petition-error-no_resolution_limit = The law sets no time limit for resolving { $detail }.
petition-error-no_signatories = The petition must have at least one signatory.
petition-error-signature_missing = Signature or fingerprint missing for: { $names }.
petition-error-representatives_required = A petition with { $signatories } signatories must appoint { $min } to { $max } representatives (Law on Citizen Reception 2013, Article 29).
petition-error-too_many_representatives = A petition with { $signatories } signatories may appoint at most { $max } representatives; { $representatives } were appointed.
petition-error-appointment_missing = The document appointing the representatives, signed by all signatories, is missing.
petition-error-second_instance_too_early = A second-instance complaint is not yet possible: the period starts on { $day }.
petition-error-second_instance_out_of_window = The period for a second-instance complaint has passed: the last day was { $day } ({ $basis }).
petition-error-filing_limit_expired = The time limit for complaining has expired: the last day was { $day } ({ $basis }).
petition-error-invalid_date_range = Invalid period: the start date { $from } is after the end date { $to }.
petition-error-delegation_not_allowed = From { $day } the head may not delegate regular citizen reception to a deputy ({ $basis }).
petition-error-no_reception_duty = The citizen reception rules in force set no regular reception schedule for { $role }.
petition-error-invalid_rules = The rules file is not valid: { $detail }
petition-error-calendar_error = { $detail }

missing-supplement_items = each document to add and why
missing-supplement_reasons = the reason for each document to add
missing-refusal_reason = the reason for refusing
missing-delay_reason = the reason the result is late
missing-stop_reason = the reason for stopping or withdrawing the dossier
missing-transfer_reason = the reason for the transfer
missing-signatory_names = the full name of each signatory
missing-extension_days = the number of days of extension (more than 0)
missing-extension_reason = the reason for the extension
missing-decision_summary = a summary of the decision or conclusion
missing-complexity_reason = why the case is complex
missing-forward_agency = the agency the petition is forwarded to
missing-guidance = the guidance given (the competent agency, how to proceed)
missing-suspension_reason = the reason for the suspension
missing-previous_resume_date = the date the previous suspension was lifted
missing-excluded_period_end = the end date of the period not counted
missing-excluded_period_reason = the reason for the period not counted
