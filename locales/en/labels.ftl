# motcua: English names of statuses, actions and kinds. The id is <group>-<code>, where
# <code> is the stable code the domain gives (status.code(), kind.code(), …).

dossier-status-received = Received
dossier-status-in_progress = In progress
dossier-status-awaiting_supplement = Awaiting additional documents
dossier-status-result_ready = Result ready for collection
dossier-status-returned = Result returned
dossier-status-refused = Refused
dossier-status-stopped = Stopped / withdrawn

dossier-action-hand_over = Hand over to the next step
dossier-action-request_supplement = Request a supplement
dossier-action-resubmit = Receive the supplement
dossier-action-refuse = Refuse
dossier-action-apologise = Apologise and set a new date
dossier-action-stop = Stop / withdraw
dossier-action-transfer = Transfer to another agency
dossier-action-return_result = Return the result

dossier-channel-desk = In person
dossier-channel-online = Online
dossier-channel-post = By post

dossier-timeliness-early = Early
dossier-timeliness-on_time = On time
dossier-timeliness-late = Late

copy-kind-original = original
copy-kind-copy = copy
copy-kind-certified_copy = certified copy
copy-kind-original_or_copy = original or copy

procedure-level-province = Province level
procedure-level-commune = Commune level
procedure-online-none = Not online
procedure-online-partial = Partly online
procedure-online-full = Fully online

role-citizen = Citizen
role-desk_officer = Desk officer
role-specialist = Specialist
role-head = Head
role-petition_handler = Petition handler
role-inspector = Inspector
role-moderator = Moderator
role-editor = Editor
role-approver = Approver
role-unit_admin = Unit administrator
role-system_admin = System administrator

rating-criterion-a = Time to result compared with the legal time limit
rating-criterion-b = Number of agencies and units you had to contact
rating-criterion-c = Number of contacts needed to complete the dossier
rating-criterion-d = Accuracy and completeness of the published procedure information
rating-criterion-dd = Attitude of the officials
rating-criterion-e = Result and costs as prescribed (including costs outside the rules)
rating-criterion-g = Handling of feedback and recommendations
rating-criterion-h = Quality of the online public service

rating-score-exceeds = Very satisfied
rating-score-meets = Satisfied
rating-score-fails = Not satisfied

petition-status-registered = Registered, awaiting classification
petition-status-eligible = Eligible for handling
petition-status-not_eligible = Not eligible for handling
petition-status-accepted = Accepted, being resolved
petition-status-suspended = Resolution suspended
petition-status-decided = Resolved
petition-status-forwarded = Forwarded
petition-status-guided = Petitioner guided
petition-status-filed = Filed
petition-status-kept_for_inspection = Kept for inspection
petition-status-not_accepted = Not accepted
petition-status-withdrawn = Withdrawn

petition-action-classify = Classify
petition-action-accept = Accept
petition-action-not_accept = Do not accept
petition-action-forward = Forward
petition-action-guide = Guide the petitioner
petition-action-file = File
petition-action-keep_for_inspection = Keep for inspection
petition-action-extend = Extend the time limit
petition-action-suspend = Suspend
petition-action-resume = Resume
petition-action-decide = Issue the decision or conclusion
petition-action-withdraw = Withdraw

petition-kind-khieu_nai = Complaint
petition-kind-to_cao = Denunciation
petition-kind-kien_nghi = Recommendation
petition-kind-phan_anh = Feedback

petition-source-reception = Through citizen reception
petition-source-direct = Handed in directly or via the suggestion box
petition-source-post = By post
petition-source-online = Online
petition-source-forwarded = Forwarded by another agency or organisation

petition-log-class-complaint = KN
petition-log-class-denunciation = TC
petition-log-class-recommendation_feedback = KN-PA

petition-complexity-normal = Normal
petition-complexity-complex = Complex
petition-complexity-especially_complex = Especially complex

petition-ineligibility-no_signature = The petition has no signature or fingerprint of its writer
petition-ineligibility-no_name_or_address = The petition does not state the writer's full name and address
petition-ineligibility-undated = The petition is undated
petition-ineligibility-not_in_vietnamese = The petition is not written in Vietnamese
petition-ineligibility-content_unclear = The content of the petition is unclear
petition-ineligibility-already_handled = The same content was already handled and resolved, with no new facts
petition-ineligibility-not_complainable = The decision or act complained of cannot be complained of (internal direction and management documents; legal normative documents)
petition-ineligibility-no_direct_interest = The decision or act complained of does not directly concern the complainant's lawful rights and interests
petition-ineligibility-no_legal_capacity = The complainant lacks full civil legal capacity and has no lawful representative
petition-ineligibility-illegitimate_representative = The representative is not lawful
petition-ineligibility-filing_limit_expired = The time limit for complaining has expired without a valid reason
petition-ineligibility-second_decision_exists = The complaint already has a second-instance decision
petition-ineligibility-termination_not_continued = A notice ended the complaint's resolution and the complainant did not continue within 30 days
petition-ineligibility-court_seized = A court has accepted the matter or has already given a judgment or decision
petition-ineligibility-anonymous = The denunciation is anonymous, impersonated, or gives no clear name and address
petition-ineligibility-violation_not_identifiable = The denunciation gives no basis to identify the offender or the offence
petition-ineligibility-resent_to_non_competent = The denunciation was sent to several bodies at once, or sent again to a body without competence after guidance
petition-ineligibility-complaint_decider_without_evidence = The denunciation targets the person who resolved a complaint without evidence of an offence

dossier-watch-at_risk = At risk of being late
dossier-watch-late = Overdue

petition-watch-overdue = Overdue
petition-watch-long_pending = Pending more than 45 days
petition-watch-due_soon = Due soon

dossier-event-resubmitted-online = The applicant added documents online
dossier-event-approved = Result approved and signed
dossier-event-assigned = Step assigned
dossier-event-received = Dossier received

petition-deadline-state-on_track = On track
petition-deadline-state-due_soon = Due soon
petition-deadline-state-overdue = Overdue

petition-deadline-kind-acceptance = Classification and acceptance
petition-deadline-kind-resolution = Resolution

petition-event-registered = Registered
petition-event-duplicate_linked = Marked as a duplicate
petition-event-duplicate_dismissed = Marked as not a duplicate

petition-notice-thu-ly-bi-to-cao = Notice of acceptance to the person denounced
petition-notice-thu-ly = Notice / decision of acceptance
petition-notice-khong-thu-ly = Notice of non-acceptance
petition-notice-chuyen-don = Forwarding slip
petition-notice-gia-han = Extension decision
petition-notice-quyet-dinh = Decision or conclusion

petition-kind-lc-khieu_nai = complaint
petition-kind-lc-to_cao = denunciation
petition-kind-lc-kien_nghi = recommendation
petition-kind-lc-phan_anh = feedback

reception-head-role-commune_chairman = Chairperson of the commune People's Committee
reception-head-role-district_chairman = Chairperson of the district People's Committee
reception-head-role-province_chairman = Chairperson of the province People's Committee
reception-head-role-specialised_body_head = Head of the specialised body
reception-head-role-public_service_unit_head = Head of the public service unit
