# One-stop dossiers: messages of the printed forms and the logbook.

dossier-form-not-issued = This dossier has no { $what } yet.
dossier-form-supplement = supplement request
dossier-form-refusal = refusal notice
dossier-form-apology = apology letter with a new return date
form-not-available = This form cannot be printed: { $detail }
