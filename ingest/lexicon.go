package ingest

import "sync"

// The word lists of the grammar. They describe English, not any article:
// function words, titles, kinship vocabulary, organisation words and the
// like. Each is an accessor that builds its set or map on first use
// (lazyWordSet, sync.OnceValue), so that commands that read no article do
// not pay for them when kin starts.

// notNameWords are capitalised words that never start or continue a
// personal name: function words that open sentences, pronouns, months and
// weekdays (a month followed by a name, "August Kessler", is allowed by the
// recogniser), and words of headlines.
var notNameWords = lazyWordSet(`the a an and or but of in on at to for with from by as if when while after before
	he she it they we i you his her their its our my your him them us me this that these those there here
	then so yet not no nor all both each every some any many most more one two three four five six seven
	eight nine ten first second third last next new old also even just only now today yesterday tomorrow
	monday tuesday wednesday thursday friday saturday sunday january february march april may june july
	august september october november december jan feb mar apr jun jul aug sep sept oct nov dec
	mother father mom dad mum christmas easter thanksgiving god lord jesus
	tickets season fans fan public kin news report reports update updates photo photos video watch read
	according despite although though because since until unless whether however meanwhile still instead
	funeral services visitation memorials memorial burial mass obituary survivors
	yes oh ok okay well like what who whom whose which where why how
	mr mrs ms mx dr sir madam i'm i've i'd i'll it's that's there's he's she's we're they're`)

// placePrepositions come before places, not people: "in Austin".
var placePrepositions = lazyWordSet(`in at near from across outside inside into throughout through toward towards`)

// monthWords may begin a name when a capitalised non-number word follows
// ("August Kessler", "June Carter").
var monthWords = lazyWordSet(`january february march april may june july august september october november december`)

// titles come before a name and are not part of it; some give the sex.
var titles = sync.OnceValue(func() map[string]byte {
	return map[string]byte{
		"mr.": 'M', "mr": 'M', "mrs.": 'F', "mrs": 'F', "ms.": 'F', "ms": 'F', "miss": 'F', "mx.": 'U',
		"dr.": 'U', "dr": 'U', "prof.": 'U', "professor": 'U', "rev.": 'U', "reverend": 'U', "pastor": 'U',
		"rabbi": 'U', "imam": 'U', "pandit": 'U', "father": 'M', "sir": 'M', "dame": 'F', "lady": 'F',
		"lord": 'M', "king": 'M', "queen": 'F', "prince": 'M', "princess": 'F', "duke": 'M', "duchess": 'F',
		"judge": 'U', "justice": 'U', "sen.": 'U', "senator": 'U', "gov.": 'U', "governor": 'U',
		"rep.": 'U', "president": 'U', "mayor": 'U', "principal": 'U', "coach": 'U', "officer": 'U',
		"capt.": 'U', "captain": 'U', "sgt.": 'U', "sergeant": 'U', "lt.": 'U', "gen.": 'U', "col.": 'U',
		"cllr": 'U', "councillor": 'U', "councilman": 'M', "councilwoman": 'F', "detective": 'U',
		"deputy": 'U', "chief": 'U', "bishop": 'U', "cardinal": 'U', "sheikh": 'M', "sister": 'F',
		"brother": 'M', "uncle": 'M', "aunt": 'F', "auntie": 'F', "grandma": 'F', "grandpa": 'M',
	}
})

// nobility words are titles that stand for a person without a name ("the
// Duke of Ashworth"); they are never part of a name.
var nobility = lazyWordSet(`duke duchess marquess marchioness earl countess count baron baroness viscount
	viscountess dowager prince princess king queen emperor empress archduke archduchess lord lady sir dame`)

// particles join the parts of a name in lower case: "van der Berg", "bin Salman".
var particles = lazyWordSet(`van von der den de del della di da das dos du la le ter ten bin binti bint al ibn y zu`)

// suffixes are generational name suffixes.
var suffixes = sync.OnceValue(func() map[string]string {
	return map[string]string{"jr.": "Jr.", "jr": "Jr.", "sr.": "Sr.", "sr": "Sr.", "ii": "II", "iii": "III", "iv": "IV", "v": "V"}
})

// orgWords mark a capitalised run as an organisation, building or place
// rather than a person.
var orgWords = lazyWordSet(`high school university college academy institute church cathedral chapel temple
	mosque synagogue cemetery garden gardens health hospital clinic department ministry court arena stadium
	cafe café restaurant bar club center centre street st. avenue ave road rd. park hall company co. inc.
	inc corp. corp ltd llc group foundation society museum gallery library home homes records magazine
	monthly weekly daily times news post journal tribune herald gazette league team tour festival award
	awards grammy grammys oscar oscars emmy army navy air force corps reformed christian catholic baptist
	methodist lutheran presbyterian funeral bank bridge county city state states river lake mountain
	island beach hotel theater theatre studios studio network channel tv radio show series season film
	movie album band orchestra choir brothers sisters airlines airport station mall market square
	plaza tower building office house senate congress parliament council committee party union
	ave. blvd. boulevard way drive lane place court. north south east west new fort mount day grand war world
	logistics holdings capital ventures industries enterprises solutions systems technologies media
	entertainment productions motors foods farms construction consulting services partners associates`)

// usStates are read as part of a place after "of Town,".
var usStates = lazyWordSet(`alabama alaska arizona arkansas california colorado connecticut delaware florida georgia
	hawaii idaho illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan
	minnesota mississippi missouri montana nebraska nevada ohio oklahoma oregon pennsylvania tennessee
	texas utah vermont virginia washington wisconsin wyoming ontario quebec england scotland wales
	ireland france spain mexico canada italy germany`)

// demonyms and similar capitalised adjectives that describe a person
// ("Spanish producer") without being a name.
var capAdjectives = lazyWordSet(`american british english irish scottish welsh french spanish mexican italian
	german dutch swedish norwegian danish finnish polish russian chinese japanese korean indian nigerian
	canadian australian brazilian argentine cuban latin latino latina african european asian
	nfl nba mlb nhl wnba fifa olympic grammy-winning oscar-winning emmy-winning former late`)

// kinTerm describes a kinship or partnership noun: what the named referent
// is to the possessor.
type kinTerm struct {
	rel    relKind
	sex    byte // sex of the referent, 'U' when the word does not say
	plural bool
	label  string // for relOther: the association's label
	step   bool
	half   bool
	ex     bool // former spouse
	widow  bool // the possessor is dead and the referent survived the marriage
	twin   bool
}

// relKind is what a kinship term says about two people.
type relKind uint8

const (
	kChild       relKind = iota + 1 // the referent is the possessor's child
	kParent                         // the referent is the possessor's parent
	kSibling                        // the referent is the possessor's sibling
	kSpouse                         // married
	kOther                          // an association (partner, fiancé, godparent, co-star)
	kStepChild                      // the referent is the possessor's step-child
	kStepParent                     // the referent is the possessor's step-parent
	kFamily                         // a relative the schema has no direct tie for (cousin, grandchild)
	kChildInLaw                     // son-in-law: spouse of a child
	kParentInLaw                    // mother-in-law: parent of the spouse
)

var kinTerms = sync.OnceValue(func() map[string]kinTerm {
	m := map[string]kinTerm{}
	add := func(words string, t kinTerm) {
		for _, w := range splitWords(words) {
			m[w] = t
		}
	}
	add("son boy", kinTerm{rel: kChild, sex: 'M'})
	add("sons boys", kinTerm{rel: kChild, sex: 'M', plural: true})
	add("daughter girl", kinTerm{rel: kChild, sex: 'F'})
	add("daughters girls", kinTerm{rel: kChild, sex: 'F', plural: true})
	add("child kid baby", kinTerm{rel: kChild, sex: 'U'})
	add("children kids babies offspring", kinTerm{rel: kChild, sex: 'U', plural: true})
	add("twins", kinTerm{rel: kChild, sex: 'U', plural: true, twin: true})
	add("father dad daddy papa pa", kinTerm{rel: kParent, sex: 'M'})
	add("mother mom mum mommy mummy mama ma", kinTerm{rel: kParent, sex: 'F'})
	add("parent", kinTerm{rel: kParent, sex: 'U'})
	add("parents", kinTerm{rel: kParent, sex: 'U', plural: true})
	add("brother", kinTerm{rel: kSibling, sex: 'M'})
	add("brothers", kinTerm{rel: kSibling, sex: 'M', plural: true})
	add("sister", kinTerm{rel: kSibling, sex: 'F'})
	add("sisters", kinTerm{rel: kSibling, sex: 'F', plural: true})
	add("sibling", kinTerm{rel: kSibling, sex: 'U'})
	add("siblings", kinTerm{rel: kSibling, sex: 'U', plural: true})
	add("twin", kinTerm{rel: kSibling, sex: 'U', twin: true})
	add("half-brother", kinTerm{rel: kSibling, sex: 'M', half: true})
	add("half-brothers", kinTerm{rel: kSibling, sex: 'M', half: true, plural: true})
	add("half-sister", kinTerm{rel: kSibling, sex: 'F', half: true})
	add("half-sisters", kinTerm{rel: kSibling, sex: 'F', half: true, plural: true})
	add("half-sibling", kinTerm{rel: kSibling, sex: 'U', half: true})
	add("half-siblings", kinTerm{rel: kSibling, sex: 'U', half: true, plural: true})
	add("wife bride", kinTerm{rel: kSpouse, sex: 'F'})
	add("husband groom", kinTerm{rel: kSpouse, sex: 'M'})
	add("spouse", kinTerm{rel: kSpouse, sex: 'U'})
	add("ex-wife", kinTerm{rel: kSpouse, sex: 'F', ex: true})
	add("ex-husband", kinTerm{rel: kSpouse, sex: 'M', ex: true})
	add("ex-spouse", kinTerm{rel: kSpouse, sex: 'U', ex: true})
	add("widow", kinTerm{rel: kSpouse, sex: 'F', widow: true})
	add("widower", kinTerm{rel: kSpouse, sex: 'M', widow: true})
	add("girlfriend", kinTerm{rel: kOther, sex: 'F', label: "girlfriend (romantic partners)"})
	add("sweetheart", kinTerm{rel: kOther, sex: 'U', label: "sweetheart (romantic partners)"})
	add("boyfriend", kinTerm{rel: kOther, sex: 'M', label: "boyfriend (romantic partners)"})
	add("partner", kinTerm{rel: kOther, sex: 'U', label: "partner"})
	add("ex-girlfriend ex-boyfriend ex-partner", kinTerm{rel: kOther, sex: 'U', label: "former romantic partners"})
	add("fiancée fiancee", kinTerm{rel: kOther, sex: 'F', label: "engaged"})
	add("fiancé fiance", kinTerm{rel: kOther, sex: 'M', label: "engaged"})
	add("godmother", kinTerm{rel: kOther, sex: 'F', label: "godmother"})
	add("godfather", kinTerm{rel: kOther, sex: 'M', label: "godfather"})
	add("godparent", kinTerm{rel: kOther, sex: 'U', label: "godparent"})
	add("godson", kinTerm{rel: kOther, sex: 'M', label: "godson"})
	add("goddaughter", kinTerm{rel: kOther, sex: 'F', label: "goddaughter"})
	add("godchild", kinTerm{rel: kOther, sex: 'U', label: "godchild"})
	add("co-star costar", kinTerm{rel: kOther, sex: 'U', label: "co-star"})
	add("stepson", kinTerm{rel: kStepChild, sex: 'M', step: true})
	add("stepsons", kinTerm{rel: kStepChild, sex: 'M', step: true, plural: true})
	add("stepdaughter", kinTerm{rel: kStepChild, sex: 'F', step: true})
	add("stepdaughters", kinTerm{rel: kStepChild, sex: 'F', step: true, plural: true})
	add("stepchild stepkid", kinTerm{rel: kStepChild, sex: 'U', step: true})
	add("stepchildren stepkids", kinTerm{rel: kStepChild, sex: 'U', step: true, plural: true})
	add("stepfather stepdad", kinTerm{rel: kStepParent, sex: 'M', step: true})
	add("stepmother stepmom stepmum", kinTerm{rel: kStepParent, sex: 'F', step: true})
	add("stepbrother stepsister stepsibling", kinTerm{rel: kFamily, sex: 'U', step: true})
	add("grandson great-grandson nephew", kinTerm{rel: kFamily, sex: 'M'})
	add("granddaughter great-granddaughter niece", kinTerm{rel: kFamily, sex: 'F'})
	add("grandfather great-grandfather grandpa granddad grandad uncle great-uncle", kinTerm{rel: kFamily, sex: 'M'})
	add("grandmother great-grandmother grandma granny grandmom aunt great-aunt", kinTerm{rel: kFamily, sex: 'F'})
	add("grandchild grandparent cousin great-grandchild relative", kinTerm{rel: kFamily, sex: 'U'})
	add("abuela nonna oma bubbe babcia", kinTerm{rel: kFamily, sex: 'F'})
	add("abuelo nonno opa zayde dziadek", kinTerm{rel: kFamily, sex: 'M'})
	add("grandchildren grandkids grandparents cousins great-grandchildren relatives nephews nieces grandsons granddaughters",
		kinTerm{rel: kFamily, sex: 'U', plural: true})
	add("son-in-law", kinTerm{rel: kChildInLaw, sex: 'M'})
	add("daughter-in-law", kinTerm{rel: kChildInLaw, sex: 'F'})
	add("father-in-law", kinTerm{rel: kParentInLaw, sex: 'M'})
	add("mother-in-law", kinTerm{rel: kParentInLaw, sex: 'F'})
	add("brother-in-law", kinTerm{rel: kFamily, sex: 'M'})
	add("sister-in-law", kinTerm{rel: kFamily, sex: 'F'})
	return m
})

// kinModifiers may stand between a possessor and a kinship noun.
var kinModifiers = lazyWordSet(`older younger elder eldest oldest youngest big little baby late first second third
	fourth former current only twin birth grown beloved devoted loving proud adored cherished dearest treasured much-loved maternal paternal adult infant newborn new future estranged biological adoptive
	adopted longtime long-time then- two-year-old teenage grown dear devoted loving own step half
	two three four five six seven eight nine ten eleven twelve both`)

// occupations are role nouns a definite description ("the actor", "The
// 27-year-old singer") uses for a person in the story.
var occupations = sync.OnceValue(func() map[string]byte {
	return map[string]byte{
		"actor": 'M', "actress": 'F', "singer": 'U', "star": 'U', "player": 'U', "guard": 'U', "forward": 'U',
		"executive": 'U', "ceo": 'U', "founder": 'U', "host": 'U', "kicker": 'U', "quarterback": 'U',
		"principal": 'U', "teacher": 'U', "director": 'U', "producer": 'U', "musician": 'U', "rapper": 'U',
		"model": 'U', "author": 'U', "writer": 'U', "chef": 'U', "comedian": 'U', "businessman": 'M',
		"businesswoman": 'F', "entrepreneur": 'U', "politician": 'U', "senator": 'U', "mayor": 'U',
		"athlete": 'U', "coach": 'U', "pitcher": 'U', "striker": 'U', "midfielder": 'U', "goalkeeper": 'U',
		"golfer": 'U', "boxer": 'U', "fighter": 'U', "driver": 'U', "dancer": 'U', "artist": 'U',
		"songwriter": 'U', "singer-songwriter": 'U', "icon": 'U', "legend": 'U', "heiress": 'F', "heir": 'U',
		"mogul": 'U', "tycoon": 'U', "billionaire": 'U', "millionaire": 'U', "personality": 'U',
		"influencer": 'U', "presenter": 'U', "anchor": 'U', "journalist": 'U', "doctor": 'U', "surgeon": 'U',
		"lawyer": 'U', "attorney": 'U', "farmer": 'U', "veteran": 'U', "chairman": 'M', "chairwoman": 'F',
		"chair": 'U', "president": 'U', "bride": 'F', "groom": 'M', "widow": 'F', "widower": 'M',
		"deceased": 'U', "star's": 'U', "winner": 'U', "champion": 'U', "captain": 'U', "owner": 'U',
		"man": 'M', "woman": 'F', "native": 'U',
		"resident": 'U', "retiree": 'U', "nurse": 'U', "officer": 'U', "firefighter": 'U', "soldier": 'U',
	}
})

// coupleNouns are plural descriptions of two people: "the couple", "the pair".
var coupleNouns = lazyWordSet(`couple pair exes newlyweds duo spouses partners lovebirds parents twosome stars women men lovers sweethearts`)

// speechVerbs introduce quotations; their subject is the speaker.
var speechVerbs = lazyWordSet(`said says say added adds told tells wrote writes laughed laughs recalled recalls stated
	states explained explains revealed reveals noted notes joked jokes admitted admits continued continues
	shared shares posted posts dishes dished insisted insists replied replies confirmed confirms`)

// hedgeWords mark a statement as reported, rumoured or disputed.
var hedgeWords = lazyWordSet(`reported reportedly rumor rumors rumour rumours rumored rumoured claimed claims alleged
	allegedly supposedly speculation speculated gossip wikis`)

// negations turn a statement into its denial.
var negations = lazyWordSet(`not n't never no nor didn't don't doesn't wasn't weren't isn't aren't hasn't haven't hadn't won't wouldn't couldn't can't cannot`)

// clauseVerbs end a descriptor: a word that is a verb cannot stand between
// a kinship noun and the name in apposition to it.
var barrierWords = lazyWordSet(`is was are were be been being has have had do does did will would can could shall
	should may might must and or but who whom whose which that of in on at to for with from by as not
	when while after before because if than then so said says told`)

func splitWords(s string) []string {
	var out []string
	for w := range wordSet(s) {
		out = append(out, w)
	}
	return out
}
