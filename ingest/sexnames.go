package ingest

import (
	"strings"
	"sync"

	"kin"
)

// Sex from given names.
//
// When an article gives no textual evidence of a person's sex (no pronoun,
// kinship noun or title), the extractor guesses it from the first given
// name. The guess has confidence Low (kin.ConfidenceLow), cites the
// sentence of the person's first mention, is marked Person.SexGuessed, and
// is made only after the grammar has finished: it never overrides textual
// evidence and nothing else in the extraction is inferred from it.
//
// The lexicon below lists common given names of many languages (English,
// Spanish, Portuguese, Italian, French, German, Dutch, Scandinavian, Polish
// and other Slavic, Irish, Greek, Hebrew, Arabic, Indian, Yoruba and Igbo,
// Filipino, and romanised Chinese and Japanese names that are not
// ambiguous). Names given to both sexes are listed as unisex and never
// guessed; so is a name listed under both sexes by mistake. Names are
// compared lower-cased with diacritics folded ("José" is "jose", "Zoë" is
// "zoe").
//
// A name not in the lexicon falls back to two conservative Romance-language
// suffix rules, used only for names of four letters or more: a name ending
// in "-a" is female and one ending in "-o" is male. The rules do not apply to
// the endings "-ya", "-sha", "-ua", "-ma", "-za", "-ta" (Russian
// diminutives such as Ilya and Misha, Joshua, Osama, Hamza, Japanese Kenta,
// all male) or "-ko" (Japanese female names such as Keiko), nor to the
// names in suffixExceptions (Luca, Andrea, Nicola, Ezra, Mustafa, Nikita …).

// femaleNames, maleNames and unisexNames are the lexicon: names separated by
// white space, grouped loosely by language.
const femaleNames = `
adelaide alexa alyssa amalia anabel angelique anneliese ariadne aurora bettina blanche bronwyn carina carolina catarina caterina cathleen celine christa christiane cinzia claudette clementine constanza cordelia cristina dagmar dolly dorothea eleanora elfriede elisabeth elsbeth emilia emmanuelle enrica eugenia eunice evangeline fabiola felicia filomena francine georgette ginevra giovanna gisele gwyneth hanne hattie heloise hermione hortense ilona imelda isadora jacinta janina jeannette jeannine johanna josefina julianne juliana justina katharina katrina klara kristina lara laure lavinia leonie liliana lisette liza loretta lucette luisa lynette magda malika marcela marcella margarita margit mariana marianna marietta marisa maritza maryse matilde melania micaela michaela mirela nadine nanette nicoletta noemi noemie octavia odile ophelia ottilie patrizia paulina perpetua petronella philomena pia rachele ramona rebekah renee rhiannon ricarda rosalyn rosanna rosetta roxanne sabina salome sibylle silvana stefania sybil tabitha tatjana theodora verena veronika viola virginie vittoria xenia zelda bronagh nerys ffion carys seren sian cerys rhian eilidh catriona alexandria allie amara annalise aria callie carissa charity cheyenne clarissa delilah eliana gracie jada josie julianna juniper kinsley lila lyla luna makayla margo melody mya norah nova piper sadie serenity summer willow
abigail ada adele elise adeline adrienne agatha agnes aileen ailsa aimee alana alanna alberta alexandra alice alicia alina alison alisha allison alma amanda amber amelia amelie amy anastasia angela angelica angelina angie anita ann anna annabel annabelle anne annette annie antoinette antonia april arabella ariana arianna arlene audrey autumn ava barbara beatrice beatrix becky belinda bella bernadette bernice beth bethany betsy betty beverly bianca bonnie brenda brianna bridget brittany brooke camilla candace candice cara carla carly carmen carol carole caroline carolyn cassandra catherine cathy cecilia cecily celeste celia chantal charlene charlotte chelsea cheryl chloe christina christine cindy claire clara clare claudia colleen constance cora courtney crystal cynthia daisy daphne darlene dawn debbie deborah debra deirdre delia denise diana diane dianne dina dolores donna dora doreen doris dorothy edith edna eileen elaine eleanor elena eliza elizabeth ella ellen ellie eloise elsie emily emma erica erin esther ethel eva eve evelyn faith fay felicity fiona flora florence frances francesca freda gabriella gabrielle gail gemma georgia georgina geraldine gertrude gina gladys glenda gloria grace gwen gwendolyn hannah harriet hazel heather heidi helen helena henrietta hilary hilda holly hope ida imogen irene iris isabel isabella isabelle isla ivy jacqueline jane janet janice jasmine jeanette jeanne jemima jenna jennifer jenny jessica jill joan joanna joanne jocelyn josephine joy joyce judith judy julia julie juliet june justine karen kate katherine kathleen kathryn kathy katie kay kayla kelly-f kimberly kirsten kristen kristin laura lauren leah lena leonora lesley lillian lily linda lindsay lisa liz lois lorna lorraine louisa louise lucia lucille lucinda lucy lydia lynn lynne mabel madeleine madeline madison maggie mandy marcia margaret margery margot maria marian marianne marie marilyn marion marjorie marlene martha mary matilda maureen maxine megan melanie melinda melissa mildred millie miranda miriam molly monica muriel myra nancy naomi natalie natasha nellie nicola-f nicole nina nora norma olive olivia pamela patricia paula pauline pearl peggy penelope penny philippa phoebe phyllis polly priscilla prudence rachel rebecca regina rhonda rita roberta rosa rosalind rose rosemary rosie rowena ruby ruth sabrina sally samantha sandra sara sarah scarlett selina serena sharon sheila shelley shirley sienna sophia sophie stella stephanie susan susanna susannah suzanne sylvia tamara tammy tanya teresa theresa tiffany tina tracey tracy ursula valerie vanessa vera veronica victoria violet virginia vivian vivienne wanda wendy whitney wilhelmina winifred yvonne zoe zara ashley-f brittney kaitlyn caitlin kaylee destiny mackenzie-f haley hailey sydney-f savannah madelyn paige kendra tamika latoya keisha shanice ebony tasha tonya marsha janelle danielle gabriela mariah aaliyah nevaeh harper-f evie freya poppy matilda esme elodie edie rosalie maisie lottie nell peggy ethel mavis enid marguerite ivy iona morag mhairi kirsty shona senga elspeth
elena lucia martina sofia valentina ximena guadalupe lupe dolores consuelo pilar rocio inmaculada concepcion montserrat nuria marta mercedes araceli itziar ainhoa leire maite amaia catalina isabela juana juanita paloma soledad esperanza remedios rosario milagros luz beatriz ines lourdes yolanda maribel marisol raquel noelia alba irene silvia lorena veronica carmen carmela esmeralda graciela adriana susana estela estrella fernanda florencia agustina camila renata valeria daniela luciana antonella
joana conceicao fatima graca leticia luiza manuela rafaela thais vitoria giovana larissa leticia
giulia chiara francesca alessandra alessia federica giorgia martina sara elisa paola silvia simona valentina roberta antonella gianna rosaria concetta assunta carmela annunziata graziella ornella loredana donatella raffaella benedetta ludovica beatrice elisabetta lucrezia serafina
amelie aurelie brigitte camille-f capucine cecile chantal christelle claudine colette corinne delphine dominique-f elodie eloise emilie estelle fabienne francoise genevieve helene isabelle josette juliette laetitia lea madeleine manon margaux marguerite marianne martine mathilde monique nathalie oceane odette pascale-f sandrine severine simone solange sylvie therese valerie veronique yvette zoe
anke annegret antje birgit brigitte elke frauke gabi gerda gisela gudrun hannelore heike helga hildegard ilse ingeborg irmgard jutta karin katrin kerstin liesel lieselotte lotte margarete marlies petra renate rosemarie sabine silke susanne ulrike ursula ute waltraud wiebke
anneke annemarie annelies femke fenna floor-f ilse inge ingrid jannie joke lieke liesbeth loes lotte maaike marieke mieke mila nienke noor roos sanne saskia tessa wilma willemijn
agneta anneli annika astrid birgitta britt dagny elin elsa freja frida gunhild hedvig hege inga ingrid kajsa karin kerstin linnea liv maja malin marit signe siri solveig sigrid tove ulla ylva sanna
agata agnieszka aleksandra alicja anna barbara beata bozena danuta dorota edyta elzbieta ewa grazyna halina hanna irena iwona izabela jadwiga joanna jolanta justyna kamila karolina katarzyna krystyna magdalena malgorzata marta marzena monika natalia patrycja renata stanislawa teresa urszula wanda weronika wioletta zofia zuzanna
alena anastasia anya darya daria ekaterina galina irina katya ksenia larisa ludmila lyudmila marina nadia nadezhda natalya olga oksana polina svetlana tatiana tatyana valentina vera yulia yelena zhanna snezana jelena milica dragana vesna ivana mirjana tanja ljiljana mila petra jana lenka zuzana sonya sonja tanya natasha masha dasha
aisling aoife bridget brigid caoimhe ciara clodagh deirdre eimear eithne grainne mairead maeve maura niamh nuala orla orlaith roisin sinead siobhan una saoirse sorcha
aikaterini anastasia athena chrysoula despina eleni evangelia georgia ioanna kalliope katerina maria sofia vasiliki xanthe zoi
aviva chana dalia devorah esther hadassah leah miriam naama rivka sarah shira shoshana tova yael ruth
aisha amina amira asma fatima fatma farah habiba hana hanan jamila khadija laila layla leila lina mariam maryam nadia noor-f rania rasha salma samira sana yasmin yasmine zainab zahra zeinab zeynep elif ayse emine hatice
aarti aishwarya ananya anjali anita anusha aparna deepa deepika divya gayatri geeta gita indira jaya kavita kavya lakshmi lalitha latha madhu-f meena meenakshi nandini neha nisha padma pooja priya priyanka radha rani rekha revathi sangeeta sarita savitri shanti shilpa shobha shreya sita sneha sunita sushma swati uma usha vandana vidya
adaeze adaora adanna adebola adeola adetola adunni ayomide bisola bukola chiamaka chidinma chinwe chioma folake folasade funke funmilayo ifeoma ijeoma ngozi nkechi nneka obiageli olufunke omolara oluwaseun-f temitope-f titilayo uchenna-f yetunde yewande abimbola
analyn lorna marites maricel rowena rosalinda jocelyn lovely marivic teresita corazon ligaya luzviminda
mei mei-ling meiling xiaoling xiumei yan-f
keiko yoko hiroko akiko michiko naoko sachiko yumiko kazuko emiko noriko tomoko yuko junko mariko aiko sakura yuki-f haruka ayumi mayumi megumi
`

const maleNames = `
abel achille adolf adolfo agostino albrecht alessio alfonso alfredo alois amadeo ambrogio amedeo anatole anselm antonin aristide armin arno aron augustin august augusto aurelio axel balthasar bartholomew basilio benno bernhard berthold blaise bronislaw caspar casimir cedric christoph clemens conor cosimo cristian cristiano damiano daniele dominik donato edoardo eduard egidio elias eliseo emanuel emil emiliano ernesto eugen eugenio ezekiel fausto ferenc filip florent florin frantisek franz gaetano gaspard gennaro georg germain gianfranco gino giuliano gottlieb gregor gregorio hannes hermann hubertus ignatius ignazio ilario isidoro istvan jakob jaroslav jochen johann johannes jonas jordi josef jozef kaspar klemens kristian kristof ladislav lambert laszlo leandro leopold lorenz ludovic marcin marius markus martijn mathias mattias maximilian melchior mihai mikkel moritz norbert octave orlando osvaldo ottavio pascual patrice patrik peder philipp pierluigi quentin rainer raimondo reinhold renzo rinaldo rocco rodolfo romain romano rudi saverio sebastiano severin silvano silvestro stanislas stephan sylvester teodoro theo thibaut timo tobias tristan ugo urs valentino viggo vilhelm vinzenz vito wendelin wenzel yannick zdenek asher atticus beau bennett brady brody carson carter cole colton cooper dawson easton grayson harrison hudson jace jaxon josiah jude kayden kingston leonardo levi lincoln malachi maverick micah nolan roman ryder silas tucker weston zane ezequiel
aaron abraham adam adrian alan alastair albert alec alexander alfred alistair allan allen alvin ambrose andrew andy angus anthony antony archibald archie arnold arthur austin barry basil ben benedict benjamin bernard bert bill billy bob bobby boris brad bradley brandon brendan brett brian bruce bryan byron calvin carl cecil charles charlie chester christian christopher clarence claude clement clifford clifton clint clive colin conrad craig curtis cyril dale-m damian damien dan daniel danny darnell darren darryl dave david dean dennis derek desmond dick dominic don donald douglas duncan dustin dwight earl ed eddie edgar edmund edward edwin elliot elliott elmer elvis emmett eric ernest ernie eugene evan everett felix ferdinand floyd francis frank frankie franklin fred freddie frederick gabriel gareth garry gary gavin geoffrey george gerald gilbert glen glenn gordon graham grant greg gregory guy hal hank harold harry harvey hector henry herbert herman horace howard hubert hugh hugo humphrey ian isaac ivan jack jacob jake james jamie-m jared jason jasper jeff jeffrey jeremiah jeremy jerome jesse jim jimmy joe joel john johnny jon jonathan joseph josh joshua julian julius justin keith kenneth kevin kieran kurt lance larry laurence lawrence lee-m leo leon leonard leroy lewis lionel lloyd louis lucas luke malcolm marcus mark marshall martin marvin matt matthew maurice max maxwell melvin michael mike miles milton mitchell morris murray nathan nathaniel neil nelson neville nicholas nick nigel noah noel norman oliver oscar oswald owen patrick paul percy peter phil philip phillip ralph randall randolph randy raymond reginald richard rick ricky robert rodney roger roland ronald ronnie ross roy rupert russell ryan sam-m samuel scott sean sebastian seth shane sidney simon solomon spencer stanley stephen steve steven stewart stuart ted terence terry-m theodore thomas tim timothy toby todd tom tommy tony travis trevor troy tyler vernon victor vincent wade wallace walter warren wayne wesley wilbur wilfred will william willie winston zachary brock chad cody colby dylan ethan hunter-m logan mason trent wyatt zack jayden aiden brayden caleb landon connor liam declan finn rhys dewi gethin ieuan emrys
alejandro alonso alvaro andres angel antonio armando arturo benito bernardo carlos cesar cristobal diego eduardo emilio enrique esteban felipe fernando francisco gerardo gilberto gonzalo guillermo gustavo hector hernan horacio ignacio javier jesus jorge jose juan julio lorenzo luis manuel marcelo marco mario martin mateo mauricio miguel nicolas octavio oscar pablo paco pedro rafael ramiro ramon raul ricardo roberto rodrigo rogelio ruben salvador santiago sergio tomas vicente xavier joaquin inigo
joao goncalo duarte vasco tiago rui nuno paulo sebastiao thiago rodrigo
alessandro alberto aldo angelo antonio bruno carlo cesare claudio corrado dario davide domenico emanuele enrico enzo fabio fabrizio federico filippo flavio francesco franco gabriele giacomo giancarlo gianni giorgio giovanni giulio giuseppe guido ivo lorenzo luca-m luigi marcello massimo matteo maurizio michele nicolo paolo pasquale piero pietro raffaele riccardo roberto salvatore sandro sergio silvio simone-m stefano tommaso umberto valerio vittorio
alain andre antoine armand arnaud aurelien baptiste benoit bertrand christophe clement cyrille damien didier emile etienne fabien florian francois frederic gaston gerard gilles guillaume henri herve hugues jacques jean-baptiste jean-claude jean-francois jean-jacques jean-louis jean-luc jean-marc jean-marie jean-michel jean-paul jean-pierre jerome joel julien laurent lionel loic lucien marcel mathieu mathis maxime michel nicolas olivier pascal-m philippe pierre raoul remi remy rene sebastien serge sylvain thibault thierry vincent xavier yann yves
bernd dieter dietrich eckhard egon erich ernst florian friedrich fritz gerhard gottfried gunther gunter hans hansjorg heinrich heinz helmut helmuth herbert horst jens joachim jorg jurgen karl-heinz klaus konrad kurt lothar ludwig lukas manfred matthias otto reinhard rolf rudiger rudolf siegfried stefan sven thorsten torsten ulrich uwe volker walther werner wilhelm wolfgang
bart bas cornelis cornelius dirk gerrit hendrik henk jaap jan joost jeroen kees klaas koen maarten niels pieter piet ruud sjoerd teun thijs wim willem wouter
anders arne bengt bjorn erik espen fredrik gunnar gustav hakan harald henrik jarl knut lars leif magnus mats nils olaf olav oskar per ragnar rune soren stig sven ulf anton johan mikael tomas
andrzej bartosz bogdan czeslaw dariusz grzegorz jacek jakub janusz jaroslaw jerzy kazimierz krzysztof lech leszek maciej marek mariusz mateusz michal mieczyslaw miroslaw pawel piotr przemyslaw radoslaw rafal ryszard slawomir stanislaw szymon tadeusz tomasz waldemar wieslaw witold wojciech zbigniew zdzislaw
aleksandr aleksei alexei anatoly andrei arkady boris dmitri dmitry evgeny fyodor gennady grigory igor ilya konstantin leonid maxim mikhail nikolai oleg pavel pyotr sergei sergey stanislav vadim valentin valery vasily viktor vitaly vladimir vladislav vyacheslav yaroslav yevgeny yuri dragan goran milan milos nenad slobodan zoran branko bogdan vlado miroslav tomislav zeljko ivo josip
aidan ciaran colm cormac diarmuid donal dermot eamon eamonn enda eoin fergal fergus fintan kieran liam niall oisin padraig paddy ronan rory seamus sean shane tadhg
alexandros andreas apostolos athanasios christos constantinos dimitrios dimitris georgios giorgos ioannis konstantinos kostas nikolaos nikos panagiotis spyros stavros theodoros vasilis yannis yiannis
avi avraham baruch chaim eli eliezer ephraim ezra gideon isaac itzhak moshe mordechai nachum shlomo shmuel yaakov yehuda yitzhak yosef zev ari amos boaz uri
abdullah abdul abdulrahman ahmad ahmed ali amir amr anwar ashraf ayman bilal farid faisal hamza hassan hussein ibrahim imran ismail jamal karim khaled khalid mahmoud mohamed mohammed mohammad muhammad mustafa nabil omar osama rashid saeed said salah sami samir tariq walid yousef youssef yusuf ziad mehmet mustafa murat emre burak
aarav abhishek aditya ajay akash amit anand anil arjun arun ashok deepak dev dinesh ganesh gopal harish hari krishnan krishna kumar mahesh manoj mohan mukesh naveen nikhil prakash pranav rahul raj rajesh rajiv rakesh ram ramesh ravi rohit sachin sanjay sanjeev satish shankar shiva sunil suresh venkat venkatesh vijay vikram vinod vishal vivek yash
adebayo adekunle ademola adewale akin akinola babatunde chidi chinedu chukwuemeka chukwudi emeka femi gbenga ifeanyi ikechukwu kayode kunle nnamdi obinna okechukwu oluwaseun-m olumide olusegun segun tunde uche obi tobenna jide dapo
jose-m rodel jomar jericho reynaldo rolando rogelio marlon ronaldo renato jun-m
wei-m hao-m zhiwei jianguo guoqiang weiming
hiroshi takeshi kenji kenta ryota haruto daiki taro ichiro jiro akira-m satoshi takumi kazuki yuta shota
`

const unisexNames = `
alex alexis laurie jan andrea angel-u ariel ashley aubrey avery bailey billie blair brooklyn cameron carey casey charlie-u chris courtney-u dakota dale dana devon drew eden emerson finley frankie-u gale harley harper hayden jackie jaime jamie jean jessie jody jordan jules kai kelly kendall kennedy kerry kim kris lee lesley-u leslie lindsey logan-u loren lou lynn-u mackenzie madhu marion-u morgan nicola noor pat peyton quinn reagan reese riley robin rowan sam sandy sasha shannon shelby sidney-u skyler sydney taylor terry tracy-u val dominique camille claude-u maxime-u simone nikita michele-u gabriele-u yuki akira hikaru makoto jun wen yan hao ming wei xin hui ying li lin chen jin yu ren oluwaseun temitope uchenna chinyere ayodele ebere nkem chidera sunny
 jean-u
`

// suffixExceptions are names that the suffix rules would guess wrongly;
// they are never guessed unless the lexicon lists them.
const suffixExceptions = `
luca andrea nicola joshua ezra noah jonah elijah mustafa sasha nikita dana jona joshua jehuda elisha isaiah micah zacharia zakaria zachariah obadiah hosea mattia elia enea battista gianluca luka kuba misha pasha grisha sasha vanya kolya dima foma kuzma danila musa isa yahya osama usama hamza krishna rama shiva surya aditya chandra bala garcia costa attila sacha joaquina-u
`

// nameClass is what the lexicon says of a given name.
type nameClass byte

const (
	nameUnknown nameClass = iota
	nameMale
	nameFemale
	nameUnisex
)

var sexLexicon struct {
	once       sync.Once
	names      map[string]nameClass
	exceptions map[string]bool
}

// lexicon returns the read-only table of given names, built on first use.
func lexicon() (map[string]nameClass, map[string]bool) {
	sexLexicon.once.Do(func() {
		m := make(map[string]nameClass, 3000)
		add := func(list string, c nameClass) {
			for _, w := range strings.Fields(list) {
				// A tag after the last hyphen ("kelly-f", "luca-m", "jean-u")
				// says the name is listed here on purpose though it looks like
				// another language's name; compound names ("jean-pierre")
				// carry no tag.
				if i := strings.LastIndexByte(w, '-'); i > 0 && len(w)-i == 2 {
					switch w[i+1] {
					case 'f', 'm', 'u':
						w = w[:i]
					}
				}
				if old, ok := m[w]; ok && old != c {
					c2 := nameUnisex
					m[w] = c2
					continue
				}
				m[w] = c
			}
		}
		add(femaleNames, nameFemale)
		add(maleNames, nameMale)
		// Unisex last: a unisex entry wins over a male or female one.
		for _, w := range strings.Fields(unisexNames) {
			if i := strings.LastIndexByte(w, '-'); i > 0 && len(w)-i == 2 {
				w = w[:i]
			}
			m[w] = nameUnisex
		}
		ex := map[string]bool{}
		for _, w := range strings.Fields(suffixExceptions) {
			if i := strings.LastIndexByte(w, '-'); i > 0 && len(w)-i == 2 {
				w = w[:i]
			}
			ex[w] = true
		}
		sexLexicon.names, sexLexicon.exceptions = m, ex
	})
	return sexLexicon.names, sexLexicon.exceptions
}

// classifyName says what the lexicon and the suffix rules make of one given
// name: male, female, unisex or unknown. Case and diacritics are ignored.
func classifyName(name string) nameClass {
	key := strings.Trim(fold(strings.TrimSpace(name)), ".'’")
	if key == "" {
		return nameUnknown
	}
	names, ex := lexicon()
	if c, ok := names[key]; ok {
		return c
	}
	// A compound ("Jean-Pierre", "Marie-Claire", "Anna-Lena"): the first
	// part decides when it has a sex, else the last.
	if strings.ContainsRune(key, '-') {
		parts := strings.Split(key, "-")
		c := classifyName(parts[0])
		if c == nameMale || c == nameFemale {
			return c
		}
		if last := classifyName(parts[len(parts)-1]); last == nameMale || last == nameFemale {
			return last
		}
		return c
	}
	return suffixClass(key, ex)
}

// suffixClass applies the Romance-language suffix rules to a name not in
// the lexicon.
func suffixClass(key string, ex map[string]bool) nameClass {
	if ex[key] || len(key) < 4 {
		return nameUnknown
	}
	for _, r := range key {
		if r < 'a' || r > 'z' {
			return nameUnknown // not a plain Latin-letter name
		}
	}
	for _, end := range []string{"ya", "sha", "ua", "ma", "za", "ta", "ko"} {
		if strings.HasSuffix(key, end) {
			return nameUnknown
		}
	}
	switch key[len(key)-1] {
	case 'a':
		return nameFemale
	case 'o':
		return nameMale
	}
	return nameUnknown
}

// SexFromGivenName guesses a sex from a person's given names ("Hilaria",
// "José María", "Jean-Pierre"): the first name decides. It returns
// kin.SexMale or kin.SexFemale, or kin.SexUnknown for a unisex name, an
// initial or a name it does not know. The guess is weak evidence; callers
// should use it only when the text says nothing and mark it as a guess.
func SexFromGivenName(given string) kin.Sex {
	f := strings.Fields(given)
	if len(f) == 0 {
		return kin.SexUnknown
	}
	switch classifyName(f[0]) {
	case nameMale:
		return kin.SexMale
	case nameFemale:
		return kin.SexFemale
	}
	return kin.SexUnknown
}

// firstWord returns the first word of s, or s when it has none.
func firstWord(s string) string {
	if f := strings.Fields(s); len(f) > 0 {
		return f[0]
	}
	return s
}
