"""Names vulture cannot see used: framework hooks, dotted paths in settings, template reads.

vulture reads this file and never runs it (`make lint`; settings in pyproject.toml, [tool.vulture]).
Django conventions that hold in every app (admin options, urlpatterns, clean_<field>, ...) are
ignored there by name; what is particular to this project is listed here, in groups, one name a
line. A name belongs here only when something outside the Python code uses it.
"""

# ruff: noqa: B018

from types import SimpleNamespace

_ = SimpleNamespace()

# Named by a dotted path in unionhome/settings.py (apps, context processors,
# UNIONHOME_DEMO_SEEDERS, UNIONHOME_FACT_PROVIDERS) or in a test's settings override.
_.AssessmentConfig
_.BranchesConfig
_.DemocracyConfig
_.HardshipConfig
_.MaskPersonalNumbers
_.LedgersConfig
_.UnionhomeConfig
_.assessment_facts
_.fake_provider
_.navigation
_.second_provider
_.seed
# django-axes hooks (AXES_HANDLER, AXES_LOCKOUT_CALLABLE; the attribute axes reads on the request).
_.LoginLockoutHandler
_.remove_out_of_limit_failure_logs
_.lockout_response
_.axes_credentials

# Read by templates only.
_.has_other_pages  # unionhome.paging.Page: read by templates/unionhome/_pager.html
_.self_departs
_.reviewer_departs
_.form_action
_.may_withdraw
_.from_label
_.frozen
_.is_federation
_.is_vacant
_.knowledge_meets
_.lapsed  # a title past its re-check date (assessment/views/units.py)
_.max_points
_.may_read_report
_.may_report
_.satisfaction_meets
_.satisfaction_meets_model_small_home
_.self_total
_.status_label
_.to_label
_.veto_reasons

# Form fields read through cleaned_data[...]; a django-filter method named by string.
_.decision
_.in_subtree
_.token

# Library hooks: Django (system check arguments, admin site titles, context manager exit), treebeard,
# crispy-forms helpers, django-import-export overrides, expat parser handlers, the workflow hook
# tables read by name (unionhome/workflow/declarations.py).
_.CharacterDataHandler
_.EndElementHandler
_.EntityDeclHandler
_.ExternalEntityRefHandler
_.StartDoctypeDeclHandler
_.StartElementHandler
_.UnparsedEntityDeclHandler
_.app_configs
_.buffer_size
_.buffer_text
_.create_dataset
_.disable_csrf
_.effects
_.exc_info
_.export
_.export_data
_.form_tag
_.formats
_.get_export_headers
_.get_resource_kwargs
_.guards
_.handle_data  # html.parser.HTMLParser callbacks (tests/test_edit_forms_roundtrip.py)
_.handle_endtag
_.handle_starttag
_.import_data
_.input_formats
_.node_order_by
_.pre_save  # Django's Field hook (unionhome/versioning.py)
_.publish  # admin actions, named in ModelAdmin.actions (democracy/admin.py)
_.raise_errors
_.site_header
_.site_title
_.skip_export_form

# Admin actions, named by string in a ModelAdmin's ``actions``; Django's flag of an unsaved row.
_.adding
_.confirm_receipt
_.end_appointments
_.grant_full_ids
_.withdraw_full_ids

# Model fields that services set and templates, the admin or query keywords read.
_.answered_at
_.closed_at
_.contested_at
_.created_at
_.ever_accepted
_.finished_at
_.flag_reason
_.flagged_by
_.inspection
_.is_staff
_.membership_status_on
_.missing_count
_.opened_at
_.opened_on
_.order
_.problem_count
_.published_at
_.read_at
_.recipients
_.recorded_at
_.recorded_by
_.reported_at
_.requested_at
_.resolved_at
_.sent_at
_.signed_at
_.unchanged_count
_.updated_at
_.updated_count
_.uploaded_at
_.uploaded_by

# Choices members and indicator codes, stored and compared as their string values.
_.ABNORMAL_PETITIONS
_.ACCIDENT
_.ACCOUNTING
_.ACHANG
_.ANNUAL
_.APPROVED
_.BACHELOR
_.BAI
_.BASICALLY
_.BILLS
_.BLANG
_.BONAN
_.BONUS
_.BRANCHES_BELOW_SMALL_HOME_SHARE
_.BUYEI
_.CAPD
_.CARD_ISSUANCE_RATE
_.CDL
_.CDNCA
_.CHILD_IN_SCHOOL
_.CITY
_.COLLECTIVE_CONTRACT_IN_FORCE
_.COLLEGE
_.COMMITTEES_COMPLETE
_.COMMITTEES_IN_TERM
_.COMPETENT
_.COMPETITION
_.CONGRESS_HELD
_.CONTRACT_FULFILMENT_RATE
_.CPC_MEMBER
_.CPC_PROBATIONARY
_.CPWDP
_.CULTURE
_.CYL_MEMBER
_.CZGP
_.DAI
_.DAUR
_.DEANG
_.DECISIONS
_.DERUNG
_.DIAGNOSIS
_.DISABILITY
_.DISCLOSURE_IN_PLACE
_.DISCLOSURE_KNOWLEDGE_RATE
_.DISCLOSURE_SATISFACTION_RATE
_.DOCTORATE
_.DONG
_.DONGXIANG
_.ELECT
_.ENROLMENT_RATE
_.EVALUATE
_.EVENKI
_.EXCELLENT
_.FUNDS_REMITTED
_.FUNDS_WITHHELD
_.GAOSHAN
_.GELAO
_.GIN
_.GOODS
_.GROUP_LEADER
_.HALF_YEAR
_.HAN
_.HANI
_.HARDSHIP_FILES_KEPT
_.HARDSHIP_FILES_REVIEWED
_.HEZHEN
_.HIGH_SCHOOL
_.HOUSEHOLD_REGISTER
_.HUI
_.ID_COPY
_.INCOMPETENT
_.INTEGRITY
_.JINGPO
_.JINO
_.JIUSAN
_.JUNIOR
_.KAZAKH
_.KOREAN
_.KYRGYZ
_.LAHU
_.LEADERSHIP_GROUP
_.LETTER
_.LHOBA
_.LI
_.LISU
_.MAJOR_ILLNESS
_.MALE
_.MANCHU
_.MAONAN
_.MASSES
_.MASTER
_.MEDICAL_RECORDS
_.MEMBERS_SATISFACTION_RATE
_.LEDGER_CULTURE_PARTICIPATION
_.LEDGER_DANGERS_CLOSED_IN_TIME
_.LEDGER_INDEPENDENT_ACCOUNT
_.LEDGER_INSPECTIONS_PER_QUARTER
_.LEDGER_LETTERS_ANSWERED
_.LEDGER_PAIRINGS_VISITED
_.LEDGER_TRAINING_HOURS
_.WORKERS_SATISFACTION_RATE
_.MIAO
_.MONBA
_.MONGOL
_.MULAO
_.NATIONAL
_.NAXI
_.NON_PARTISAN
_.NOT
_.NU
_.OROQEN
_.OTHER
_.PARTICIPATION_RATE
_.PLANS
_.PRIMARY
_.PROPOSALS_ANSWERED_RATE
_.PROVINCE
_.PUBLICITY
_.PUMI
_.QIANG
_.RCCK
_.REJECTED
_.REPORTS
_.RETAINED
_.RURAL
_.RUSSIAN
_.SAFETY
_.SALAR
_.SETTLED
_.SHE
_.SHUI
_.SKILL
_.TAJIK
_.TATAR
_.TDSGL
_.TEAM_LEADER
_.TERMINATED
_.TIBETAN
_.TRANSFERRED_OUT
_.TU
_.TUJIA
_.URBAN
_.UYGHUR
_.UZBEK
_.VA
_.VERY_SATISFIED
_.VISIT
_.VOCATIONAL
_.WAGE
_.WAGES
_.WELFARE
_.XIBE
_.YAO
_.YI
_.YUGUR
_.ZHUANG

# Test fixtures asked for by argument for their effect; Django settings and test client options
# that tests set.
_.AXES_ENABLED
_.AXES_FAILURE_LIMIT
_.AXES_IPWARE_META_PRECEDENCE_ORDER
_.AXES_IPWARE_PROXY_COUNT
_.CACHES
_.DEBUG
_.OUTBOX_MAX_ATTEMPTS
_.OUTBOX_RETRY_SECONDS
_.PASSWORD_HASHERS
_.ROOT_URLCONF
_._pool  # Celery's connection pools, reset by tests/test_faults.py to change brokers
_._producer_pool
_.autocommit  # psycopg2 connection option
_.axes_on
_.debug_off
_.demo_data
_.django_db_setup
_.only_the_ticket_workflow
_.raise_request_exception
_.redis_worker
_.small_chunks
_.ticket_tables
_.ReplicaRouter  # settings.DATABASE_ROUTERS; Django calls the methods below
_.db_for_read
_.allow_relation
_.allow_migrate
_.DATE_FORMAT  # unionhome/formats: read by Django's localisation
_.SHORT_DATE_FORMAT
_.DATETIME_FORMAT
_.SHORT_DATETIME_FORMAT
_.TIME_FORMAT
_.YEAR_MONTH_FORMAT
_.MONTH_DAY_FORMAT

# Choices and counter columns stored in the database and read by value (kinds of units, period
# kinds, the employment-type counts), and the demo context's second district (for other seeders).
_.DISTRICT
_.INDUSTRY
_.regular
_.migrant
_.second_district
_.FINDING_LABELS  # read by name through settings.UNIONHOME_FINDING_PROVIDERS
_.below_threshold  # the dashboard's and the unit page's rows (templates)
_.missing_confirmed  # RosterConfirmForm: the separate confirmation of marking workers as left
_.fails_after_minutes  # JobProgress: read by templates/branches/_roster_job_progress.html
_._waiting  # pending-work providers registered with @navigation.pending_work
_.optgroups  # Django's Select widget API, overridden by unionhome.pickers (only the chosen options)
_._objections_received  # pending-work providers registered with @navigation.pending_work
_.handled_at  # WorkerObjection: read by templates/hardship/worker_objections.html
# Columns of ledgers.LedgerTally, written and read by name (its SUM per subtree: ledgers/selectors/tallies.py).
_.inspections_due
_.inspections_done
_.dangers_counted
_.dangers_in_time
_.families_visited
_.culture_entries
_.cadre_voters
_.cadre_satisfied
_.finance_checks
_.books_matching
_.accounts_independent
_.information_entries
_.letters_counted
_.letters_in_time
