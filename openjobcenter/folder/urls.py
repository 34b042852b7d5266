from django.urls import URLPattern, URLResolver, path

from openjobcenter.folder.views import applications, citizen, public, staff

app_name = "folder"

urlpatterns: list[URLPattern | URLResolver] = [
    # Citizens (views/citizen.py)
    path("my/folder/", citizen.home, name="home"),
    path("my/folder/consent/", citizen.consent, name="consent"),
    path("my/folder/comments/<int:pk>/answer/", citizen.comment_answer, name="comment_answer"),
    path("my/folder/comments/<int:pk>/done/", citizen.comment_done, name="comment_done"),
    path("my/folder/cv/", citizen.cv, name="cv"),
    path("my/folder/cv/pdf/", citizen.cv_pdf, name="cv_pdf"),
    path("my/folder/cv/<slug:section>/new/", citizen.entry_new, name="entry_new"),
    path("my/folder/cv/entries/<int:pk>/", citizen.entry_edit, name="entry_edit"),
    path("my/folder/cv/entries/<int:pk>/delete/", citizen.entry_delete, name="entry_delete"),
    path("my/folder/cv/entries/<int:pk>/move/", citizen.entry_move, name="entry_move"),
    path("my/folder/certificates/", citizen.certificate_list, name="certificates"),
    path("my/folder/certificates/<int:pk>/file/", citizen.certificate_file, name="certificate_file"),
    path("my/folder/certificates/<int:pk>/delete/", citizen.certificate_delete, name="certificate_delete"),
    path("my/folder/letters/", citizen.letter_list, name="letters"),
    path("my/folder/letters/new/", citizen.letter_edit, name="letter_new"),
    path("my/folder/letters/<int:pk>/", citizen.letter_edit, name="letter_edit"),
    path("my/folder/letters/<int:pk>/pdf/", citizen.letter_pdf, name="letter_pdf"),
    path("my/folder/letters/<int:pk>/delete/", citizen.letter_delete, name="letter_delete"),
    path("my/folder/shares/", citizen.share_list, name="shares"),
    path("my/folder/shares/<int:pk>/", citizen.share_detail, name="share"),
    path("my/folder/shares/<int:pk>/revoke/", citizen.share_revoke, name="share_revoke"),
    # Applying to a vacancy with the folder; the employer opens it signed in (views/applications.py)
    path("my/folder/apply/<int:vacancy>/", applications.apply, name="apply"),
    path("folder/applications/<int:pk>/", applications.application, name="application"),
    path("folder/applications/<int:pk>/cv.pdf", applications.application_cv, name="application_cv"),
    path("folder/applications/<int:pk>/letter.pdf", applications.application_letter, name="application_letter"),
    path(
        "folder/applications/<int:pk>/certificates/<int:certificate>/",
        applications.application_certificate,
        name="application_certificate",
    ),
    # Anyone holding a share link (views/public.py)
    path("folder/shared/<str:token>/", public.shared, name="shared"),
    path("folder/shared/<str:token>/cv.pdf", public.shared_cv, name="shared_cv"),
    path("folder/shared/<str:token>/letter.pdf", public.shared_letter, name="shared_letter"),
    path("folder/shared/<str:token>/certificates/<int:pk>/", public.shared_certificate, name="shared_certificate"),
    # Staff (views/staff.py); the person of the household is chosen with ?person=<id> (default: the head)
    path("staff/cases/<int:case>/folder/", staff.staff_folder, name="staff_folder"),
    path("staff/cases/<int:case>/folder/comment/", staff.staff_comment, name="staff_comment"),
    path("staff/cases/<int:case>/folder/cv.pdf", staff.staff_cv_pdf, name="staff_cv_pdf"),
    path("staff/cases/<int:case>/folder/certificates/<int:pk>/", staff.staff_certificate, name="staff_certificate"),
    path("staff/cases/<int:case>/folder/letters/<int:pk>/pdf/", staff.staff_letter_pdf, name="staff_letter_pdf"),
]
