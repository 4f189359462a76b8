import type { SentenceIntent } from './sentence-intent.model.js';

/**
 * Sentence templates of the simulated sales calls, per segment and side, each with an intent (the
 * segment's, unless the line names its own as `[intent, template]`).
 *
 * Template syntax (expanded by PhraseExpander):
 * - `[a|b|c]` one of the alternatives, `[|a]` an optional part (alternatives do not nest);
 * - `{name}` a call variable: {account}, {company}, {product}, {competitor}, {competitor2}, {rep},
 *   {buyer}, {exec}, {execTitle}, {seats}, {users}, {amount}, {discount}, {percent}, {month},
 *   {renewalMonth}, {weeks}, {weekday}, {quarter}, {day}, {industry}, {tool};
 * - a leading `!` marks an objection (feeds the SMART tracker "Objections");
 * - `~` is where a speaker may be interrupted: the sentence is then said in two turns, the other
 *   side's "mm-hmm" between them, both halves keeping the intent.
 *
 * Keyword trackers (tracker-keywords.data.ts) count their phrases in the generated text, so many
 * templates of an intent carry its tracker's words, and some deliberately do not (people rarely
 * say "pricing" when they push back on the price).
 */
export type ScriptLine = string | readonly [SentenceIntent, string];

export interface ScriptSegment {
  topic?: string;
  intent: SentenceIntent;
  seller: readonly ScriptLine[];
  buyer: readonly ScriptLine[];
}

export const SalesScriptData: Record<string, ScriptSegment> = {
  opening: {
    intent: 'small-talk',
    seller: [
      '[Hi|Hey|Hello] {buyer}, thanks [for making the time today|for jumping on|for squeezing this in].',
      '[Can you hear me okay|Am I coming through okay|Is my audio alright]?',
      '[Great to see everyone|Good to see you all again], I know [the week is busy|it is a crazy week|Mondays are hectic].',
      '[How was your weekend|How was the long weekend|How was the trip], did you [get out at all|manage to relax]?',
      'Before we dive in, [let me share|I will put up] a quick agenda for the next [few|thirty] minutes.',
      'I thought we would start with your goals, then I [will show you|can walk you through] [a few things|what we built], and we leave ten minutes for questions.',
      'Does that agenda work for you, or is there anything you want to add?',
      'I also invited a colleague who knows the technical side really well.',
    ],
    buyer: [
      '[Hi|Hey] {rep}, [yes, loud and clear|yep, I can hear you fine|all good on my end].',
      '[Thanks for setting this up|Thanks for having us|Appreciate you setting this up].',
      '[It was good, we finally had some sun|Good, um, quiet, which was nice|Busy with the kids, but good].',
      '[That agenda works for me|Sounds like a plan|Works for me].',
      'I have a hard stop at the top of the hour, just so you know.',
      'One of my colleagues might join a few minutes late.',
      "[Sounds good|Great], let's get started.",
    ],
  },
  smallTalk: {
    intent: 'small-talk',
    seller: [
      '[Sorry|Apologies], my [dog|neighbor] [is|has been] making noise all morning.',
      'Let me [just|quickly] close a few tabs here.',
      '[Mm-hmm|Sure|Yeah, totally|Got it], that makes sense.',
      'Are you [based in|working out of] the [Chicago|Denver|Boston] office these days?',
      'Did you catch the game last night?',
      'Sorry I am late, [security at the front desk|the security line downstairs] took forever.',
      '[We finally have|There is finally] a date for the office move, [so that is exciting|fingers crossed].',
      '[Ha, |]the price of coffee in this building [is|has gotten] ridiculous.',
    ],
    buyer: [
      'Sorry, [can you say that again|you cut out for a second].',
      '[Ha|Haha], [yes|yeah], it has been one of those weeks.',
      'I am [mostly remote|in the office twice a week] [now|these days].',
      '[Yeah|Right], [exactly|totally].',
      'Give me one second, my [screen|laptop] just froze.',
      '[My|Our] [kid|daughter|son] has a [game|recital] at five, so I [might|will] [drop|hop off] [right|exactly] at the hour.',
      '[Yeah, |]{rep}, [sorry|apologies], [the wifi here|my connection] is [terrible|spotty] today.',
      'We just [came back|got back] from [an offsite|our kickoff] in [Austin|Lisbon|Denver], [so|and] [everyone is|I am] [tired|a bit behind].',
    ],
  },
  discovery: {
    topic: 'Discovery',
    intent: 'discovery',
    seller: [
      'Can you walk me through how your team handles this today?',
      'What made this a priority for {account} right now?',
      'How many people on your side would use {product} day to day?',
      'What happens when a deal slips, who notices first?',
      'How are you measuring success for this project?',
      'If you could fix one thing in the current process, what would it be?',
      'What tools are you using for this at the moment?',
      '[That makes sense|Okay], and how much time does that take each week?',
      'Got it, so the main pain is the manual work and the lack of visibility.',
      'That is a pattern we see a lot in {industry}.',
      '[Interesting|Huh, interesting], tell me more about that.',
    ],
    buyer: [
      'Right now it is mostly spreadsheets and a lot of copy and paste.',
      'Our managers spend most of Monday pulling numbers together.',
      '!Honestly we tried something similar two years ago and adoption was poor.',
      'The board wants better forecasting [accuracy|] this year.',
      'We grew quickly and the old process does not scale anymore.',
      'Visibility is the big one, ~ we find out about problems too late.',
      'Our reps hate data entry, so anything that reduces it is welcome.',
      'We measure it mostly by win rate and ramp time for new hires.',
      'It takes a couple of hours per manager every week, easily.',
      'The data lives in [three|four] different systems and none of them agree.',
      'We want the whole team on one process before we hire again.',
      'We use {tool} for most of it, um, and then a lot of manual stuff on top.',
    ],
  },
  demo: {
    topic: 'Product Demo',
    intent: 'product',
    seller: [
      'Let me share my screen so you can see it live.',
      'This is the home view that a manager sees every morning.',
      'Every call and email is captured automatically, so nobody types anything.',
      'Here you can filter by team, by stage or by any field from your CRM.',
      'If I click into this deal, you see the full timeline of activity.',
      'The risk indicators on the right are calculated from the conversations themselves.',
      'For example, this deal has not had an executive meeting in three weeks.',
      'Managers can leave comments at any point in a call and tag a teammate.',
      'This dashboard rolls everything up for the forecast meeting.',
      'You can export any of these views or schedule them as a weekly email.',
      'The search works across every transcript, so you can find any topic in seconds.',
      'Here is how a new hire would use the library to learn from the best calls.',
      'Admins control who sees what through permission profiles.',
      'Setup usually takes a couple of weeks, and we do most of the work.',
      'We connect to your CRM in the background and keep it in sync.',
      'This view shows how talk time is split between your reps and the customer.',
      'You can build a scorecard for each stage of your sales process.',
      'Alerts go to Slack or email when a key deal changes.',
      'Everything you see here is available through our API as well.',
      'Let me show you one more thing that customers in {industry} really like.',
      'This report compares the deals you won with the deals you lost.',
      'You can see which topics come up most in the calls that close.',
      'The coaching view lets a manager review three calls in the time it used to take for one.',
      'And this is the mobile view, so managers can check in between meetings.',
    ],
    buyer: [
      'Can it pull data from our existing CRM without custom work?',
      'How long does it take for a call to show up after it ends?',
      '[That timeline view is really helpful|Oh, that activity view is nice].',
      'Can we control which teams see which calls?',
      '!The dashboard looks busy, my managers would need training.',
      'Could we build our own scorecards?',
      'That search feature alone would save us a lot of time.',
      'Does it work for calls in other languages?',
      'How do you handle reps who are not comfortable being recorded?',
    ],
  },
  competition: {
    topic: 'Competition',
    intent: 'competitors',
    seller: [
      '[I am curious|Just so I understand the landscape], are you looking at other [options|vendors|tools] as well?',
      'We hear {competitor} a lot, what did you like about them?',
      'Where we usually win against {competitor} is adoption and time to value.',
      'Customers who switched from {competitor} tell us the reporting was the main gap.',
      'I would be happy to set up a reference call with a customer who evaluated {competitor}.',
      'How does {competitor} [compare|stack up] so far, [if you do not mind me asking|honestly]?',
      'A lot of teams [run|do] a bake-off between us and {competitor}, ~ which is totally fair.',
      'What would it take for you to [pick|go with] us over {competitor2}?',
    ],
    buyer: [
      '[To be transparent|Full disclosure|Just so you know], we are also [talking to|evaluating|in conversations with] {competitor}.',
      '!{competitor} came in [quite a bit|a lot|noticeably] cheaper in their [first|initial] proposal.',
      'A few people on the team used {competitor} at their last company, ~ and they [liked|really liked] it.',
      'We looked at {competitor} last year but did not move forward.',
      '!{competitor} says they can do all of this out of the box.',
      '[Um, |]we have a demo with {competitor2} [next week|on {weekday}], so we are comparing.',
      '[Honestly|I mean], {competitor} [is|seems] further along on the forecasting piece.',
      '!Our [VP|head of sales] [keeps asking|asked] why we would not just go with {competitor}.',
      'We are [kind of |]shortlisting [two|three] vendors, you, {competitor}, and [maybe |]{competitor2}.',
      '!The other vendor we are [talking to|looking at] [offered|threw in] [free onboarding|a pilot for free].',
      'I will be [honest|straight with you], ~ {competitor} has a head start with our ops team.',
    ],
  },
  pricing: {
    topic: 'Pricing',
    intent: 'pricing',
    seller: [
      'Let me walk you through the pricing we put together.',
      'The list price is based on the number of seats and the modules you need.',
      'For {seats} seats we are looking at about {amount} per year.',
      'If we can sign before the end of quarter I can offer a {discount} percent discount.',
      'We price per seat, and managers and admins are included at no extra cost.',
      'A multi-year agreement would lock in the current [pricing|rate].',
      'I can take that back to my team and see what flexibility we have [on the number|on price].',
      'What budget did you set aside for this initiative?',
      '[So |]on the commercial side, ~ we landed at {amount} for the first year.',
      'I hear you on cost, [let me see|let me check] what I can do with my [manager|VP].',
    ],
    buyer: [
      '!To be honest, that is above the budget we have approved for this year.',
      '!The per seat pricing gets expensive as we grow.',
      'What discount could you do on a two year term?',
      'We would need approved funds from finance before anything moves.',
      'Our total spend on tools like this is being reviewed right now.',
      '!I need to justify the cost to our {execTitle}, can you help with a business case?',
      'Is implementation included in that price?',
      'Can we start with a smaller group and expand later?',
      '![Honestly|Look|I mean], {amount} is [a lot|a big number|more than we expected] for us right now.',
      '!We were [kind of |]hoping [for something|to land] closer to [half that|{discount} percent less].',
      '![Um, |]that number is [going to be|gonna be] a tough sell ~ with our {execTitle}.',
      '!We [do not|don\'t] really have [the money|the dollars|room] for this until {quarter}.',
      '!Finance [already |][cut|froze] [our|the] [tooling|software] budget [by {percent} percent|for the rest of the year].',
      '![Is there any|Any] [wiggle room|flexibility] on [the number|the price|that figure]?',
      '![It is|It\'s] [pricey|expensive|steep] compared to what we pay [today|for {tool}].',
      '!We [can|could] only [cover|afford] about {users} [licenses|seats] [at that rate|at that price].',
    ],
  },
  security: {
    topic: 'Security',
    intent: 'security',
    seller: [
      'We are SOC 2 Type II certified and I can share the report under NDA.',
      'All data is protected with encryption in transit and at rest.',
      'We support SSO with all the major identity providers.',
      'We run an external penetration test every year and share the summary.',
      'For data residency, we can host your data in the EU or the US.',
      'We are fully GDPR compliant and sign a DPA with every customer.',
      'Our security team is happy to join a call with yours.',
      '[On the infosec side|For your IT folks], ~ we [get audited|are audited] [every year|annually] by a third party.',
      'Recordings are [stored|kept] [encrypted|locked down] and you [choose|control] how long we keep them.',
    ],
    buyer: [
      'Our security team will need to review your SOC 2 report.',
      'Do you support SSO and SCIM provisioning?',
      'What kind of encryption do you use for stored recordings?',
      '!Data residency is a hard requirement for our European teams.',
      'Can you share the results of your last penetration test?',
      'We have a [security|vendor risk] questionnaire that we send to every vendor.',
      '!GDPR is a big concern for our legal team because we record customers.',
      '[So |]our [infosec|IT security|CISO\'s] team ~ [has to|needs to] [sign off on|approve] any new vendor [first|before we go further].',
      '![Honestly|Um], [the|our] [vendor assessment|security assessment] [took|can take] [months|{weeks} weeks] last time.',
      'Where [exactly |]does the data [live|sit], [and who at your company can access it|is it in the US]?',
      '![We got burned|We had an incident] with a vendor [last year|before], so [they are|our team is] [extra careful|strict now].',
      'Can we get [your|the] [audit report|compliance docs] [before|ahead of] the next call?',
    ],
  },
  legal: {
    topic: 'Legal',
    intent: 'legal',
    seller: [
      'I will send over our standard MSA after this call.',
      'Our legal team can usually turn redlines around within a few days.',
      'The DPA is attached to the MSA, so it is one signature.',
      'If you prefer to use your paper, we can work with that too.',
    ],
    buyer: [
      'Legal review usually takes two to three weeks on our side.',
      '!Our lawyers will have redlines on the liability clause, they always do.',
      'Please include the DPA so we can run it in parallel.',
      ['decision-makers', 'We need the MSA reviewed before procurement can issue a purchase order.'],
    ],
  },
  timeline: {
    topic: 'Timeline',
    intent: 'timeline',
    seller: [
      'What does your timeline look like for making a decision?',
      'Is there a specific go-live date you are working towards?',
      '[When|By when] would you [ideally|realistically] want [this live|people using it]?',
      'If we [worked backwards|work back] from {month}, ~ when would we need paperwork done?',
      '[Is|Would] {day} [still |][realistic|doable] for [a start|kickoff] on your end?',
      'What [happens|is the impact] if this [is not|isn\'t] [live|in place] by {month}?',
      '[So |][we are|we\'re] [targeting|penciling in] [a signature|signature] by {day} [and|with] [kickoff|onboarding] [right after|the week after], [does that|would that] [work|hold]?',
    ],
    buyer: [
      'We want to make a decision by the end of {month}.',
      'Our go-live target is about {weeks} weeks from now.',
      '!The deadline might slip because of our reorganization.',
      '[Ideally|Realistically] we [want|need] [people on it|this up and running] [before|by] {month}, ~ [before the new fiscal year|when the new hires start].',
      '[Um, |][we are|we\'re] aiming to [wrap this up|have a contract signed] [by {day}|in {quarter}|within {weeks} weeks].',
      '![Honestly|To be fair], [this|it] [could|might] [slide|get pushed] [to {quarter}|a couple of months], [things keep shifting|nothing is fixed yet].',
      'There is no [hard|real] [date|deadline] yet, [but|though] [sooner is better|the board wants it this year].',
      'We [have to|need to] be [live|rolled out] before [our kickoff|the sales kickoff] in {month}.',
    ],
  },
  decision: {
    topic: 'Decision Process',
    intent: 'decision-makers',
    seller: [
      'Who else needs to be involved in the sign-off?',
      'Walk me through how procurement works at {account}.',
      'Who is the final decision maker on this?',
      '[Besides you|Other than yourself], who [would|will] [weigh in|have a say] on [this|the decision]?',
      'Would it make sense to [get|bring] {exec} [into|on] [a call|the next meeting] [at some point|early]?',
      '[How|And how] [does|would] [a purchase|a deal] [like this|this size] [get approved|get signed off] [on your side|at {account}]?',
      '[Has|Did] {exec} [seen|looked at] [the proposal|any of this] [yet|so far]?',
    ],
    buyer: [
      'The final decision maker is our VP, but she relies on my recommendation.',
      'There are a few stakeholders in finance and IT who need to agree.',
      'Procurement needs about two weeks once we have a verbal yes.',
      '[Ultimately|At the end of the day] [it is|it\'s] {exec}\'s [call|decision], ~ [she|he] [owns|holds] the budget.',
      '[Um, |]{exec}, our {execTitle}, [has the final say|signs off on anything over {amount}].',
      '[I will need to|I have to] [run this by|get buy-in from] {exec} [and the|and our] [leadership team|exec team].',
      '![I am|I\'m] [a big fan|supportive], but [I am not|I\'m not] the one who [signs|approves] [this|the contract].',
      'It [goes|will go] to a [buying committee|steering committee], ~ [IT, finance|ops, finance] and [me|our {execTitle}].',
      '{exec} [is|will be] [the one|the person] [to convince|you need to win over], [honestly|to be honest].',
    ],
  },
  churn: {
    topic: 'Account Health',
    intent: 'churn-risk',
    seller: [
      'I [noticed|saw] [usage|logins] dropped [quite a bit|a lot] [over the last|in the last] [month|quarter], what is going on?',
      'Before the renewal in {renewalMonth}, ~ I want to make sure you are getting value out of {product}.',
      'Is there anything [making you|that would make you] [reconsider|think twice about] [renewing|the renewal]?',
      'What would you need to see [from us|this quarter] to feel good about [renewing|staying]?',
    ],
    buyer: [
      '![Honestly|To be frank], [the team|our reps] [stopped|are not really] using it [after the first month|much anymore].',
      '![We are|We\'re] [not sure|honestly not sure] [we will|we\'ll] renew [this year|in {renewalMonth}].',
      '![Leadership|Our {execTitle}] is asking [whether|if] we [still need|really need] this.',
      '![We are|We\'re] [consolidating|cutting] [vendors|tools] [across the board|company-wide], ~ [and|so] [you are|you\'re] on the list.',
      '![Only|Just] {users} of our {seats} [people|users|licenses] [log in|are active] [these days|anymore].',
      '![We have not|We haven\'t] [really |]seen the [value|return|ROI] we [expected|were promised], [to be honest|frankly].',
      '![Since|After] {exec} [left|moved on], ~ [nobody|no one] [really |][owns|champions] [the tool|this] [internally|on our side].',
      '![If|Unless] [things|something] [change|changes], [we might|we may] [move to|switch to|go back to] {competitor}.',
      '!The [support|onboarding] [has been|was] [slow|rough], and [people|the team] [noticed|are frustrated].',
    ],
  },
  nextSteps: {
    topic: 'Next Steps',
    intent: 'next-steps',
    seller: [
      'So for next steps, I will send over a summary and the proposal today.',
      'Let me put a calendar invite on the books for next week.',
      'I will follow up with the security documentation by Friday.',
      'Does it make sense to bring your IT lead into the next call?',
      'I will send over a few customer references in {industry}.',
      ['small-talk', 'Thanks again for your time, this was really helpful.'],
      '[Okay, |So ][to recap|just to recap], ~ [I owe you|I will get you] [the proposal|a quote|the deck] [by {weekday}|tomorrow|end of week].',
      '[Can we|Could we] [grab|lock in] [thirty minutes|half an hour] on {weekday} [to go through it|with your team]?',
      '[I will|I\'ll] [draft|put together] a mutual action plan [with dates|and share it] [today|tonight].',
      '[Okay|Great], {buyer}, [I will|I\'ll] [get|send] you [the references|two customer references] [and|plus] [the security pack|our SOC 2 summary] [by {weekday}|this week].',
      '[Let us|Let\'s] [pencil in|hold] {weekday} [at ten|at two|morning] for [the technical deep dive|a working session] [with your IT folks|with {exec}].',
    ],
    buyer: [
      'Sounds good, send over the proposal and I will share it internally.',
      "Let's follow up next Tuesday, I will check who can join.",
      ['pricing', 'Please include pricing for the two year option.'],
      ['small-talk', 'Thanks {rep}, talk soon.'],
      'I will loop in our IT lead for the next steps.',
      '[Um, |]I [will|\'ll] [set up|book] [a session|time] with [our team|IT|{exec}] [for|on] {weekday}, ~ [and|then] [we can|you can] [go deeper|take it from there].',
      '[Okay, |][let me|I will] [circle back|get back to you] [by {weekday}|next week] [once I|after I] [talk to|sync with] {exec}.',
      '[Send me|Shoot me] [the deck|the recap|those slides] [and I will|and I\'ll] [forward it|pass it along] [internally|to the team].',
      '[On our side|From our end], ~ [I will|I\'ll] [get|pull] [the usage numbers|our requirements list|the current contract] [together|over to you] [by {weekday}|before the next call].',
      '[Let me|I need to] [check|confirm] [calendars|availability] with [my boss|{exec}|the team] and [come back to you|send a few times] [with a date|].',
    ],
  },
  internal: {
    topic: 'Deal Review',
    intent: 'small-talk',
    seller: [
      ['small-talk', "Let's go through the {account} opportunity first."],
      ['decision-makers', 'The champion is engaged but we have not met the economic buyer yet.'],
      ['competitors', '!They mentioned {competitor} again on the last call, so we should prepare.'],
      ['timeline', 'I think the close date is at risk, procurement has not started.'],
      ['timeline', 'What do we need to get this to commit by the end of quarter?'],
      ['product', 'Can you join the next call and help with the technical questions?'],
      ['pricing', 'The pricing conversation went better than expected.'],
      ['next-steps', 'I will update the next steps in the CRM after this meeting.'],
      ['next-steps', 'We should ask for a mutual action plan with clear dates.'],
      ['security', "The security review is the long pole, let's start it now."],
      ['pricing', 'I would not discount further until we know the budget.'],
      ['pricing', "Let's role play the pricing objection before Thursday."],
      ['product', 'Where are we with the technical validation?'],
      ['decision-makers', 'I spoke to their champion yesterday and she is still positive.'],
      ['pricing', 'Finance on their side wants a three year deal, which helps us.'],
      ['decision-makers', 'We need an executive sponsor on our side for this one.'],
      ['legal', 'The legal redlines came back and they are mostly reasonable.'],
      ['discovery', 'Do we have a reference customer in {industry} we can offer?'],
      ['timeline', 'I would push for a decision before the end of the month.'],
      ['product', 'Their IT team is worried about the rollout effort.'],
      ['churn-risk', 'What is the biggest risk to this deal right now?'],
      ['pricing', 'I can prepare a business case with the numbers they shared.'],
      ['small-talk', 'Our pipeline coverage for the quarter looks thin.'],
      ['small-talk', 'Two of my deals moved to commit this week.'],
      ['small-talk', 'Let me know if you need help from the solutions team.'],
      ['small-talk', 'I will share the call recording so you can hear the objection.'],
      ['pricing', "We lost a similar deal last quarter on price, let's not repeat that."],
      ['pricing', 'The proposal goes out on Friday if we agree on the numbers.'],
      ['churn-risk', '[Usage|Adoption] at {account} [is down|dropped] [again|this month], ~ I am worried about the renewal.'],
      ['churn-risk', '{exec} [left|is leaving] {account}, [so|and] we [lost|are losing] our champion there.'],
      ['competitors', '[Apparently|I heard] {competitor} [is|has been] [pitching|talking to] their [ops|finance] team [behind our back|too].'],
      ['decision-makers', 'We [still |][have not|haven\'t] [met|talked to] {exec}, [and|but] [she|he] [signs|owns the budget].'],
      ['security', 'Their [infosec|security] [questionnaire|review] [is|has been] [stuck|sitting] with [legal|IT] for [two|three] weeks.'],
      ['pricing', '[They|{account}] [asked for|want] [another|a bigger] [discount|price cut], [I think|probably] [{discount} percent|because {competitor} came in lower].'],
      ['timeline', '[The close date|Close] [moved|slipped] [again|to {quarter}], ~ [their|the] [legal|procurement] [process|team] is slow.'],
      ['next-steps', '[Action item|To do] for [me|you]: [send|get] {exec} [the business case|the ROI deck] by {weekday}.'],
      ['churn-risk', '[Renewal|The renewal] at {account} [is|looks] [at risk|shaky], [only|just] {users} [active users|people logging in] [out of|from] {seats}.'],
    ],
    buyer: [],
  },
};

/** What the other side says while a speaker is interrupted (the `~` split). */
export const Backchannels: readonly string[] = ['Mm-hmm.', 'Right.', 'Sure.', 'Okay.', 'Yeah.', 'Got it.', 'Go on.', 'Uh-huh.'];

/** Fillers that open a sentence now and then, so repeated lines read naturally. */
export const SentenceOpeners: readonly string[] = ['So, ', 'Yeah, ', 'Okay, ', 'Right, ', 'And ', 'Honestly, ', 'I mean, ', 'Look, ', 'Um, ', 'Uh, ', 'You know, '];

/** Fillers said after a comma now and then. */
export const MidFillers: readonly string[] = ['um, ', 'uh, ', 'you know, ', 'like, ', 'I mean, '];

/** Tools a customer may use today ({tool}). */
export const CustomerTools: readonly string[] = ['Salesforce', 'HubSpot', 'spreadsheets', 'Excel', 'Clari', 'Outreach', 'Zoom recordings'];

/** Titles of the customer's executive ({execTitle}). */
export const ExecTitles: readonly string[] = ['CFO', 'CRO', 'COO', 'VP of Sales', 'head of revenue operations', 'CEO'];

export const Weekdays: readonly string[] = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'];
