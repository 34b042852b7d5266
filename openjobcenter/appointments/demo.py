"""Demo appointments: concerns, working hours of the staff personas, an absence, slots, bookings.

Idempotent: concerns are found by their German name and kept up to date, working hours and the
absence are created once, bookings carry a fixed request key (``book`` returns the first booking
for a key instead of making a second one), and slot reconciliation converges. Called by the demo
loader after the Jobcenters and personas exist. All people are invented.

Jobcenter "demo" books without the anti-bot challenge (so integrators can try the API against
it), Jobcenter "nord" with it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from openjobcenter.accounts.models import User
from openjobcenter.appointments.models import Absence, Booking, BookingPolicy, Channel, Concern, WorkingHours
from openjobcenter.appointments.services.booking import BookingRequest, book
from openjobcenter.appointments.services.slots import bookable_slots, local_dt, reconcile_slots
from openjobcenter.core.models import Jobcenter, Location, Team

Texts = dict[str, str]

IN_PERSON, PHONE, VIDEO = Channel.IN_PERSON.value, Channel.PHONE.value, Channel.VIDEO.value

BERND = "beratung@demo.example"
LENA = "leistung@demo.example"
TANJA = "teamleitung@demo.example"
EMRE = "empfang@demo.example"
AYLIN = "kundin@demo.example"
OLEKSANDR = "kunde@demo.example"
NIKLAS = "beratung@nord.example"

MAIN = "Hauptstelle Mitte"
SOUTH = "Geschäftsstelle Süd"
WEST = "Geschäftsstelle West"
NORD_MAIN = "Hauptstelle Nordhafen"

INTEGRATION_TEAM = "Team Markt und Integration 1"
BENEFITS_TEAM = "Team Leistung 1"


@dataclass(frozen=True)
class DemoConcern:
    name: Texts
    description: Texts
    what_to_bring: Texts
    duration_minutes: int
    channels: tuple[str, ...]
    teams: tuple[str, ...]
    requires_sign_in: bool
    min_lead_minutes: int
    booking_horizon_days: int
    sort_order: int

    @property
    def key(self) -> str:
        return self.name["de"]


@dataclass(frozen=True)
class DemoHours:
    staff: str
    location: str
    weekday: int  # 0 = Monday
    starts: dt.time
    ends: dt.time
    channels: tuple[str, ...]
    slot_minutes: int = 30
    buffer_minutes: int = 0
    desks: int = 1


@dataclass(frozen=True)
class DemoBooking:
    request_key: str
    concern: str  # German name of the concern
    channel: str
    staff: str
    name: str
    email: str
    language: str = "de"
    client: str | None = None  # e-mail of the citizen's account
    booked_by: str | None = None  # staff member booking on the client's behalf (no lead time)
    days_ahead: int = 0  # the earliest day: 0 = from now on, so today or the next working day
    phone: str = ""  # needed for phone appointments


@dataclass(frozen=True)
class DemoJobcenter:
    challenge: str
    concerns: tuple[DemoConcern, ...]
    hours: tuple[DemoHours, ...]
    bookings: tuple[DemoBooking, ...] = ()
    absences: tuple[tuple[str, str], ...] = field(default=())  # (staff, internal reason): one day, two weeks ahead


FIRST_ADVICE_NAME: Texts = {
    "de": "Erstberatung und Meldung als arbeitsuchend",
    "en": "First advice and registering as a jobseeker",
    "tr": "İlk danışma ve iş arayan olarak kayıt",
    "ar": "الاستشارة الأولى والتسجيل كباحث عن عمل",
    "uk": "Перша консультація та реєстрація як особи, що шукає роботу",
    "ru": "Первичная консультация и регистрация в качестве ищущего работу",
}
FIRST_ADVICE_DESCRIPTION: Texts = {
    "de": (
        "Sie sind neu beim Jobcenter oder möchten Grundsicherungsgeld beantragen? Wir beraten Sie, welche "
        "Leistungen für Sie in Frage kommen, und nehmen Ihre Meldung als arbeitsuchend auf. Für diesen Termin "
        "brauchen Sie kein Konto."
    ),
    "en": (
        "Are you new to the Jobcenter or would you like to apply for basic income support (Grundsicherungsgeld)? "
        "We advise you on the support you may be entitled to and register you as looking for work. You do not "
        "need an account for this appointment."
    ),
    "tr": (
        "Jobcenter'e yeni mi başvuruyorsunuz veya Temel Güvence Parası (Grundsicherungsgeld) almak mı "
        "istiyorsunuz? Hangi yardımlardan yararlanabileceğiniz konusunda size danışmanlık yapıyor ve iş arayan "
        "olarak kaydınızı alıyoruz. Bu randevu için bir hesaba ihtiyacınız yoktur."
    ),
    "ar": (
        "هل تتعاملون مع الجوبسنتر لأول مرة أو ترغبون في التقدم بطلب للحصول على إعانة الضمان الأساسي "
        "(Grundsicherungsgeld)؟ نقدم لكم المشورة حول الإعانات التي قد تستحقونها ونسجلكم كباحثين عن عمل. "
        "لا تحتاجون إلى حساب لهذا الموعد."
    ),
    "uk": (
        "Ви вперше звертаєтеся до Jobcenter або хочете подати заяву на допомогу з базового забезпечення "
        "(Grundsicherungsgeld)? Ми проконсультуємо Вас щодо виплат, на які Ви можете мати право, і зареєструємо "
        "Вас як особу, що шукає роботу. Для цього запису обліковий запис не потрібен."
    ),
    "ru": (
        "Вы впервые обращаетесь в Jobcenter или хотите подать заявление на пособие по базовому обеспечению "
        "(Grundsicherungsgeld)? Мы проконсультируем Вас о выплатах, на которые Вы можете иметь право, и "
        "зарегистрируем Вас как ищущего работу. Для этой записи учётная запись не нужна."
    ),
}
FIRST_ADVICE_BRING: Texts = {
    "de": (
        "Personalausweis oder Reisepass, bei ausländischer Staatsangehörigkeit den Aufenthaltstitel; Ihren "
        "Lebenslauf; falls vorhanden die Kündigung oder den Arbeitsvertrag."
    ),
    "en": (
        "Identity card or passport and, if you are not a German citizen, your residence permit; your CV; your "
        "notice of termination or employment contract, if you have one."
    ),
    "tr": (
        "Kimlik kartı veya pasaport, Alman vatandaşı değilseniz oturma izniniz; özgeçmişiniz; varsa fesih "
        "bildirimi veya iş sözleşmeniz."
    ),
    "ar": (
        "بطاقة الهوية أو جواز السفر، وتصريح الإقامة إن لم تكونوا من حاملي الجنسية الألمانية؛ سيرتكم الذاتية؛ "
        "إشعار إنهاء العمل أو عقد العمل إن وُجد."
    ),
    "uk": (
        "Посвідчення особи або паспорт, а якщо Ви не маєте німецького громадянства, — дозвіл на проживання; "
        "резюме; за наявності — повідомлення про звільнення або трудовий договір."
    ),
    "ru": (
        "Удостоверение личности или паспорт, а если у Вас нет немецкого гражданства, — вид на жительство; "
        "резюме; при наличии — уведомление об увольнении или трудовой договор."
    ),
}

FIRST_ADVICE = DemoConcern(
    name=FIRST_ADVICE_NAME,
    description=FIRST_ADVICE_DESCRIPTION,
    what_to_bring=FIRST_ADVICE_BRING,
    duration_minutes=30,
    channels=(IN_PERSON, PHONE),
    teams=(INTEGRATION_TEAM,),
    requires_sign_in=False,
    min_lead_minutes=120,
    booking_horizon_days=28,
    sort_order=10,
)

JOB_SEARCH = DemoConcern(
    name={
        "de": "Beratung zur Arbeitsuche",
        "en": "Job search advice",
        "tr": "İş arama danışmanlığı",
        "ar": "استشارة البحث عن عمل",
        "uk": "Консультація з пошуку роботи",
        "ru": "Консультация по поиску работы",
    },
    description={
        "de": (
            "Gespräch mit Ihrer Integrationsfachkraft über Ihre Bewerbungen, passende Stellen und Ihren "
            "Kooperationsplan. Bitte melden Sie sich für diesen Termin mit Ihrem Konto an."
        ),
        "en": (
            "A meeting with your advisor about your applications, suitable vacancies and your cooperation plan "
            "(Kooperationsplan). Please sign in with your account to book this appointment."
        ),
        "tr": (
            "Entegrasyon uzmanınızla başvurularınız, size uygun iş ilanları ve işbirliği planınız "
            "(Kooperationsplan) hakkında görüşme. Bu randevuyu almak için lütfen hesabınızla giriş yapın."
        ),
        "ar": (
            "لقاء مع مستشار الاندماج المسؤول عنكم حول طلبات التوظيف التي قدمتموها والوظائف المناسبة لكم وخطة "
            "التعاون (Kooperationsplan). يرجى تسجيل الدخول بحسابكم لحجز هذا الموعد."
        ),
        "uk": (
            "Розмова з Вашим консультантом з інтеграції про Ваші заявки на роботу, відповідні вакансії та Ваш "
            "план співпраці (Kooperationsplan). Щоб записатися на цей прийом, увійдіть, будь ласка, у свій "
            "обліковий запис."
        ),
        "ru": (
            "Беседа с Вашим консультантом по интеграции о Ваших откликах на вакансии, подходящих вакансиях и Вашем "
            "плане сотрудничества (Kooperationsplan). Чтобы записаться на этот приём, пожалуйста, войдите в свою "
            "учётную запись."
        ),
    },
    what_to_bring={
        "de": (
            "Ihren aktuellen Lebenslauf, Ihre Bewerbungen der letzten Wochen mit den Antworten der Arbeitgeber "
            "und Ihren Kooperationsplan."
        ),
        "en": (
            "Your current CV, the applications you sent in recent weeks with the employers' replies, and your "
            "cooperation plan."
        ),
        "tr": (
            "Güncel özgeçmişiniz, son haftalarda yaptığınız başvurular ve işverenlerin yanıtları ile işbirliği "
            "planınız."
        ),
        "ar": "سيرتكم الذاتية الحالية، وطلبات التوظيف في الأسابيع الأخيرة مع ردود أصحاب العمل، وخطة التعاون الخاصة بكم.",
        "uk": "Актуальне резюме, Ваші заявки на роботу за останні тижні з відповідями роботодавців і Ваш план співпраці.",
        "ru": (
            "Актуальное резюме, Ваши отклики на вакансии за последние недели с ответами работодателей и Ваш план "
            "сотрудничества."
        ),
    },
    duration_minutes=30,
    channels=(IN_PERSON, PHONE, VIDEO),
    teams=(INTEGRATION_TEAM,),
    requires_sign_in=True,
    min_lead_minutes=24 * 60,
    booking_horizon_days=42,
    sort_order=20,
)

BENEFITS_QUESTIONS = DemoConcern(
    name={
        "de": "Fragen zu Ihrem Antrag auf Grundsicherungsgeld",
        "en": "Questions about your application for basic income support",
        "tr": "Temel Güvence Parası başvurunuzla ilgili sorular",
        "ar": "أسئلة حول طلبكم للحصول على إعانة الضمان الأساسي",
        "uk": "Питання щодо Вашої заяви на допомогу з базового забезпечення",
        "ru": "Вопросы по Вашему заявлению на пособие по базовому обеспечению",
    },
    description={
        "de": (
            "Sie haben Fragen zu Ihrem Antrag, Ihrem Weiterbewilligungsantrag oder Ihrem Bescheid über "
            "Grundsicherungsgeld (bis 30. Juni 2026: Bürgergeld)? Die Leistungssachbearbeitung berät Sie. Bitte "
            "melden Sie sich für diesen Termin mit Ihrem Konto an."
        ),
        "en": (
            "Do you have questions about your application, your continuation application or your decision on "
            "basic income support (Grundsicherungsgeld; until 30 June 2026: Bürgergeld)? A benefits officer will "
            "advise you. Please sign in with your account to book this appointment."
        ),
        "tr": (
            "Temel Güvence Parası (Grundsicherungsgeld; 30 Haziran 2026'ya kadar: Bürgergeld) başvurunuz, devam "
            "başvurunuz veya kararınız hakkında sorularınız mı var? Yardım işlemleri sorumlusu size danışmanlık "
            "yapar. Bu randevuyu almak için lütfen hesabınızla giriş yapın."
        ),
        "ar": (
            "هل لديكم أسئلة حول طلبكم أو طلب التمديد أو القرار الصادر بشأن إعانة الضمان الأساسي "
            "(Grundsicherungsgeld؛ حتى 30 يونيو 2026: Bürgergeld)؟ يقدم لكم موظف الإعانات المشورة. يرجى تسجيل "
            "الدخول بحسابكم لحجز هذا الموعد."
        ),
        "uk": (
            "У Вас є питання щодо Вашої заяви, заяви на продовження виплат або рішення про допомогу з базового "
            "забезпечення (Grundsicherungsgeld; до 30 червня 2026 року — Bürgergeld)? Вас проконсультує фахівець "
            "з виплат. Щоб записатися на цей прийом, увійдіть, будь ласка, у свій обліковий запис."
        ),
        "ru": (
            "У Вас есть вопросы по Вашему заявлению, заявлению на продление выплат или решению о пособии по "
            "базовому обеспечению (Grundsicherungsgeld; до 30 июня 2026 года — Bürgergeld)? Вас проконсультирует "
            "специалист по выплатам. Чтобы записаться на этот приём, пожалуйста, войдите в свою учётную запись."
        ),
    },
    what_to_bring={
        "de": "Ihren Bescheid oder das Schreiben, um das es geht, und die Nummer Ihrer Bedarfsgemeinschaft.",
        "en": "Your decision or the letter concerned, and the number of your household (Bedarfsgemeinschaft).",
        "tr": "Kararınız veya ilgili yazı ile ihtiyaç topluluğunuzun (Bedarfsgemeinschaft) numarası.",
        "ar": "القرار أو الرسالة المعنية، ورقم مجموعة الاحتياج الخاصة بكم (Bedarfsgemeinschaft).",
        "uk": "Рішення або лист, якого стосується питання, і номер Вашої спільноти потреб (Bedarfsgemeinschaft).",
        "ru": "Решение или письмо, о котором идёт речь, и номер Вашего сообщества потребностей (Bedarfsgemeinschaft).",
    },
    duration_minutes=30,
    channels=(IN_PERSON, PHONE),
    teams=(BENEFITS_TEAM,),
    requires_sign_in=True,
    min_lead_minutes=120,
    booking_horizon_days=28,
    sort_order=30,
)

DOCUMENTS = DemoConcern(
    name={
        "de": "Unterlagen abgeben",
        "en": "Handing in documents",
        "tr": "Belge teslimi",
        "ar": "تسليم المستندات",
        "uk": "Подання документів",
        "ru": "Подача документов",
    },
    description={
        "de": (
            "Sie möchten Nachweise persönlich abgeben, zum Beispiel Kontoauszüge, Ihren Mietvertrag oder "
            "Lohnabrechnungen? Wir nehmen Ihre Unterlagen entgegen und bestätigen den Eingang. Ohne Termin können "
            "Sie Unterlagen auch in unseren Briefkasten werfen."
        ),
        "en": (
            "Would you like to hand in proofs in person, for example bank statements, your rental contract or "
            "payslips? We accept your documents and confirm receipt. Without an appointment, you can also put "
            "documents in our letterbox."
        ),
        "tr": (
            "Banka hesap özetleri, kira sözleşmeniz veya maaş bordroları gibi belgeleri şahsen teslim etmek mi "
            "istiyorsunuz? Belgelerinizi teslim alır ve alındığını onaylarız. Belgeleri randevusuz olarak posta "
            "kutumuza da bırakabilirsiniz."
        ),
        "ar": (
            "هل ترغبون في تسليم إثباتات بأنفسكم، مثل كشوف الحساب البنكي أو عقد الإيجار أو كشوف الراتب؟ نستلم "
            "مستنداتكم ونؤكد استلامها. ويمكنكم أيضًا وضع المستندات في صندوق البريد الخاص بنا دون موعد."
        ),
        "uk": (
            "Ви хочете особисто подати підтвердні документи, наприклад банківські виписки, договір оренди або "
            "розрахункові листи? Ми приймемо Ваші документи й підтвердимо їх отримання. Без запису документи "
            "також можна вкинути в нашу поштову скриньку."
        ),
        "ru": (
            "Вы хотите лично подать подтверждающие документы, например банковские выписки, договор аренды или "
            "расчётные листки? Мы примем Ваши документы и подтвердим их получение. Без записи документы также "
            "можно опустить в наш почтовый ящик."
        ),
    },
    what_to_bring={
        "de": (
            "Die Unterlagen (Kopien genügen, Originale erhalten Sie sofort zurück) und die Nummer Ihrer "
            "Bedarfsgemeinschaft."
        ),
        "en": (
            "The documents (copies are enough; originals are handed back at once) and the number of your "
            "household (Bedarfsgemeinschaft)."
        ),
        "tr": (
            "Belgeler (fotokopiler yeterlidir, asılları size hemen geri verilir) ve ihtiyaç topluluğunuzun "
            "(Bedarfsgemeinschaft) numarası."
        ),
        "ar": "المستندات (تكفي النسخ، وتُعاد إليكم الأصول فورًا) ورقم مجموعة الاحتياج الخاصة بكم (Bedarfsgemeinschaft).",
        "uk": (
            "Документи (достатньо копій, оригінали Вам одразу повернуть) і номер Вашої спільноти потреб "
            "(Bedarfsgemeinschaft)."
        ),
        "ru": (
            "Документы (достаточно копий, оригиналы Вам сразу вернут) и номер Вашего сообщества потребностей "
            "(Bedarfsgemeinschaft)."
        ),
    },
    duration_minutes=15,
    channels=(IN_PERSON,),
    teams=(BENEFITS_TEAM,),
    requires_sign_in=False,
    min_lead_minutes=60,
    booking_horizon_days=14,
    sort_order=40,
)

QUALIFICATION = DemoConcern(
    name={
        "de": "Beratung zu Weiterbildung und Qualifizierung",
        "en": "Advice on further training and qualifications",
        "tr": "Mesleki eğitim ve nitelik kazanma danışmanlığı",
        "ar": "استشارة حول التدريب المهني والتأهيل",
        "uk": "Консультація щодо навчання та підвищення кваліфікації",
        "ru": "Консультация по обучению и повышению квалификации",
    },
    description={
        "de": (
            "Sie möchten einen Berufsabschluss nachholen, Deutsch für den Beruf lernen oder eine Weiterbildung "
            "machen? Wir beraten Sie zu passenden Kursen und Maßnahmen und zur Förderung mit einem "
            "Bildungsgutschein."
        ),
        "en": (
            "Would you like to gain a vocational qualification, learn German for work or take further training? "
            "We advise you on suitable courses and programmes and on funding with an education voucher "
            "(Bildungsgutschein)."
        ),
        "tr": (
            "Bir meslek diploması almak, iş hayatı için Almanca öğrenmek veya mesleki eğitime katılmak mı "
            "istiyorsunuz? Size uygun kurslar ve programlar ile eğitim çeki (Bildungsgutschein) desteği hakkında "
            "danışmanlık yapıyoruz."
        ),
        "ar": (
            "هل ترغبون في الحصول على مؤهل مهني أو تعلّم اللغة الألمانية للعمل أو المشاركة في تدريب مهني؟ نقدم "
            "لكم المشورة حول الدورات والبرامج المناسبة وحول التمويل عبر قسيمة التعليم (Bildungsgutschein)."
        ),
        "uk": (
            "Ви хочете здобути професійну кваліфікацію, вивчити німецьку мову для роботи або пройти навчання? "
            "Ми проконсультуємо Вас щодо відповідних курсів і програм та щодо фінансування за освітнім ваучером "
            "(Bildungsgutschein)."
        ),
        "ru": (
            "Вы хотите получить профессиональную квалификацию, выучить немецкий язык для работы или пройти "
            "обучение? Мы проконсультируем Вас о подходящих курсах и программах, а также о финансировании по "
            "образовательному ваучеру (Bildungsgutschein)."
        ),
    },
    what_to_bring={
        "de": (
            "Ihren Lebenslauf, Schul- und Arbeitszeugnisse und, falls vorhanden, Informationen zu dem Kurs, der "
            "Sie interessiert."
        ),
        "en": (
            "Your CV, school and employment references and, if you have them, details of the course you are "
            "interested in."
        ),
        "tr": "Özgeçmişiniz, okul ve iş belgeleriniz ve varsa ilgilendiğiniz kursla ilgili bilgiler.",
        "ar": "سيرتكم الذاتية، وشهادات المدرسة وشهادات العمل، ومعلومات عن الدورة التي تهمكم إن وُجدت.",
        "uk": (
            "Резюме, шкільні атестати й відгуки з попередніх місць роботи та, за наявності, інформацію про курс, "
            "який Вас цікавить."
        ),
        "ru": (
            "Резюме, школьные аттестаты и отзывы с прежних мест работы, а также, при наличии, информацию о курсе, "
            "который Вас интересует."
        ),
    },
    duration_minutes=45,
    channels=(IN_PERSON, VIDEO),
    teams=(INTEGRATION_TEAM,),
    requires_sign_in=False,
    min_lead_minutes=24 * 60,
    booking_horizon_days=60,
    sort_order=50,
)

NORD_FIRST_ADVICE = DemoConcern(
    name=FIRST_ADVICE_NAME,
    description=FIRST_ADVICE_DESCRIPTION,
    what_to_bring=FIRST_ADVICE_BRING,
    duration_minutes=30,
    channels=(IN_PERSON, PHONE),
    teams=("Team Nord 1",),
    requires_sign_in=False,
    min_lead_minutes=120,
    booking_horizon_days=28,
    sort_order=10,
)


def _t(hour: int, minute: int = 0) -> dt.time:
    return dt.time(hour, minute)


DEMO = DemoJobcenter(
    challenge=BookingPolicy.Challenge.OFF,
    concerns=(FIRST_ADVICE, JOB_SEARCH, BENEFITS_QUESTIONS, DOCUMENTS, QUALIFICATION),
    hours=(
        # Bernd, advisor: mornings in person and by phone, Wednesday afternoon from his desk (video, phone),
        # Thursday's late opening, Friday at the southern office.
        DemoHours(BERND, MAIN, 0, _t(8, 30), _t(12, 30), (IN_PERSON, PHONE), buffer_minutes=10),
        DemoHours(BERND, MAIN, 1, _t(8, 30), _t(12, 30), (IN_PERSON, PHONE), buffer_minutes=10),
        DemoHours(BERND, MAIN, 2, _t(13), _t(16), (VIDEO, PHONE)),
        DemoHours(BERND, MAIN, 3, _t(14), _t(18), (IN_PERSON, PHONE, VIDEO), buffer_minutes=10),
        DemoHours(BERND, SOUTH, 4, _t(8, 30), _t(12), (IN_PERSON,)),
        # Lena, benefits: Tuesday morning two desks take documents in 15-minute slots.
        DemoHours(LENA, MAIN, 0, _t(8), _t(12), (IN_PERSON, PHONE)),
        DemoHours(LENA, MAIN, 1, _t(8), _t(12), (IN_PERSON,), slot_minutes=15, desks=2),
        DemoHours(LENA, MAIN, 2, _t(8), _t(12), (PHONE,)),
        DemoHours(LENA, MAIN, 3, _t(14), _t(18), (IN_PERSON, PHONE)),
        DemoHours(LENA, WEST, 4, _t(8), _t(11), (IN_PERSON,)),
        # Tanja, team lead: long appointments (training advice) at the western office and the main office.
        DemoHours(TANJA, WEST, 1, _t(9), _t(12), (IN_PERSON,), slot_minutes=45, buffer_minutes=15),
        DemoHours(TANJA, MAIN, 3, _t(14), _t(17), (IN_PERSON, VIDEO), slot_minutes=45, buffer_minutes=15),
    ),
    absences=((BERND, "Fortbildung"),),
    bookings=(
        # Today (or the next working day), so the staff's lists are not empty: booked by Bernd at short notice.
        DemoBooking(
            "demo-oleksandr-today", JOB_SEARCH.key, IN_PERSON, BERND, "Oleksandr Melnyk", OLEKSANDR, "uk",
            client=OLEKSANDR, booked_by=BERND,
        ),
        DemoBooking(
            "demo-documents-soon", DOCUMENTS.key, IN_PERSON, LENA, "Jonas Becker", "jonas.becker@example.org",
            booked_by=EMRE,
        ),
        DemoBooking(
            "demo-aylin-job-search", JOB_SEARCH.key, VIDEO, BERND, "Aylin Kaya", AYLIN, client=AYLIN, days_ahead=3
        ),
        DemoBooking(
            "demo-aylin-benefits", BENEFITS_QUESTIONS.key, PHONE, LENA, "Aylin Kaya", AYLIN, client=AYLIN,
            days_ahead=5, phone="0151 2345678",
        ),
        DemoBooking(
            "demo-anonymous-first-advice", FIRST_ADVICE.key, IN_PERSON, BERND, "Mariam Haddad",
            "mariam.haddad@example.org", "ar", days_ahead=2,
        ),
    ),
)  # fmt: skip

NORD = DemoJobcenter(
    challenge=BookingPolicy.Challenge.ON,
    concerns=(NORD_FIRST_ADVICE,),
    hours=(
        *(DemoHours(NIKLAS, NORD_MAIN, day, _t(9), _t(12), (IN_PERSON, PHONE)) for day in range(5)),
        DemoHours(NIKLAS, NORD_MAIN, 3, _t(14), _t(17), (IN_PERSON, PHONE)),
    ),
)

JOBCENTERS: dict[str, DemoJobcenter] = {"demo": DEMO, "nord": NORD}


@transaction.atomic
def load_demo_appointments() -> dict[str, int]:
    """Load the appointment demo data into the demo Jobcenters that exist; returns what was created."""
    created = {"concerns": 0, "working_hours": 0, "absences": 0, "slots": 0, "bookings": 0}
    for slug, data in JOBCENTERS.items():
        jobcenter = Jobcenter.objects.filter(slug=slug).first()
        if jobcenter is None:
            continue
        BookingPolicy.all_tenants.update_or_create(jobcenter=jobcenter, defaults={"challenge": data.challenge})
        staff = {user.email: user for user in User.objects.filter(jobcenter=jobcenter, is_active=True)}
        concerns = {spec.key: _concern(jobcenter, spec) for spec in data.concerns}
        created["concerns"] += sum(was_created for _concern_obj, was_created in concerns.values())
        created["working_hours"] += _working_hours(jobcenter, staff, data.hours)
        created["absences"] += _absences(jobcenter, staff, data.absences)
        created["slots"] += reconcile_slots(jobcenter)["created"]
        for spec in data.bookings:
            created["bookings"] += _booking(jobcenter, staff, concerns[spec.concern][0], spec)
    return created


def _concern(jobcenter: Jobcenter, spec: DemoConcern) -> tuple[Concern, bool]:
    concern, was_created = Concern.all_tenants.update_or_create(
        jobcenter=jobcenter,
        name__de=spec.key,
        defaults={
            "name": spec.name,
            "description": spec.description,
            "what_to_bring": spec.what_to_bring,
            "duration_minutes": spec.duration_minutes,
            "channels": list(spec.channels),
            "requires_sign_in": spec.requires_sign_in,
            "min_lead_minutes": spec.min_lead_minutes,
            "booking_horizon_days": spec.booking_horizon_days,
            "sort_order": spec.sort_order,
            "is_active": True,
        },
    )
    concern.teams.set(Team.objects.for_tenant(jobcenter).filter(name__in=spec.teams))
    return concern, was_created


def _working_hours(jobcenter: Jobcenter, staff: dict[str, User], hours: tuple[DemoHours, ...]) -> int:
    locations = {location.name: location for location in Location.objects.for_tenant(jobcenter)}
    since = timezone.localdate() - dt.timedelta(days=7)
    created = 0
    for spec in hours:
        if spec.staff not in staff or spec.location not in locations:
            continue
        _entry, was_created = WorkingHours.all_tenants.get_or_create(
            jobcenter=jobcenter,
            staff=staff[spec.staff],
            location=locations[spec.location],
            weekday=spec.weekday,
            starts=spec.starts,
            defaults={
                "ends": spec.ends,
                "channels": list(spec.channels),
                "slot_minutes": spec.slot_minutes,
                "buffer_minutes": spec.buffer_minutes,
                "desks": spec.desks,
                "valid_from": since,
            },
        )
        created += was_created
    return created


def _absences(jobcenter: Jobcenter, staff: dict[str, User], absences: tuple[tuple[str, str], ...]) -> int:
    """A whole day (the Wednesday two to three weeks ahead), created once."""
    day = timezone.localdate() + dt.timedelta(days=14)
    day += dt.timedelta(days=(2 - day.weekday()) % 7)
    created = 0
    for email, reason in absences:
        if email not in staff:
            continue
        _absence, was_created = Absence.all_tenants.get_or_create(
            jobcenter=jobcenter,
            staff=staff[email],
            reason=reason,
            defaults={
                "starts_at": local_dt(day, dt.time()),
                "ends_at": local_dt(day + dt.timedelta(days=1), dt.time()),
            },
        )
        created += was_created
    return created


def _booking(jobcenter: Jobcenter, staff: dict[str, User], concern: Concern, spec: DemoBooking) -> int:
    if Booking.objects.for_tenant(jobcenter).filter(request_key=spec.request_key).exists():
        return 0
    advisor = staff.get(spec.staff)
    booked_by = staff.get(spec.booked_by) if spec.booked_by else None
    client = User.objects.filter(email=spec.client, jobcenter=jobcenter).first() if spec.client else None
    if advisor is None or (spec.client and client is None):
        return 0
    earliest = local_dt(timezone.localdate() + dt.timedelta(days=spec.days_ahead), dt.time())
    slot = (
        bookable_slots(jobcenter, concern, spec.channel, for_staff=booked_by is not None)
        .filter(staff=advisor, start__gte=earliest)
        .order_by("start")
        .first()
    )
    if slot is None:
        return 0
    request = BookingRequest(
        slot_id=slot.pk,
        concern=concern,
        channel=spec.channel,
        name=spec.name,
        email=spec.email,
        phone=spec.phone,
        language=spec.language,
        client=client,
        booked_by=booked_by,
        request_key=spec.request_key,
    )
    _booking_obj, was_created = book(jobcenter, request)
    return int(was_created)
