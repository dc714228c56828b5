<?xml version="1.0" encoding="UTF-8"?>
<!--
  The footnote apparatus: one entry per <app> of the reading text, as
  "lemma sigla] reading sigla; reading sigla" with the class of the entry,
  each reading's detail (rdg/@type: omission, script, quotes …) and, for one
  place of a transposition, a link to the other place (app/@corresp).

  Readings are shown exactly as the witnesses have them: every reading is
  marked translate="no" (under the language of the text), and the script
  conversion of the traditional pages leaves it alone. An empty reading is
  "om."; a span marker says whose text starts, ends or breaks off there
  ("B ends", "C lacuna begins"). An editor's decision (docs/decisions.md)
  is shown on its reading: a lemma the editor chose (lem/@resp) and a
  reading judged an error (@cause="error"); the editor's notes on the entry
  (app/note) follow its readings. The sigla of a reading are its r:sigla,
  set by edition.render.transform.numbered.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:r="urn:x-edition:render"
    exclude-result-prefixes="tei r">

  <!-- Who made an editorial decision: the respStmt that @resp points to. -->
  <xsl:key name="resp" match="tei:respStmt[@xml:id]" use="concat('#', @xml:id)"/>

  <xsl:template name="apparatus">
    <xsl:param name="apps"/>
    <xsl:param name="label"/>
    <xsl:if test="$apps">
      <aside class="apparatus" lang="en" aria-label="{$label}">
        <ol class="entries">
          <xsl:apply-templates select="$apps" mode="entry"/>
        </ol>
      </aside>
    </xsl:if>
  </xsl:template>

  <!-- The anchor of an entry: its xml:id, else its number. -->
  <xsl:template name="entry-id">
    <xsl:choose>
      <xsl:when test="@xml:id"><xsl:value-of select="concat($id-prefix, @xml:id)"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="concat($entry-prefix, @r:n)"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:app" mode="entry">
    <xsl:variable name="lem" select="(tei:lem | tei:rdgGrp/tei:lem)[1]"/>
    <li class="entry" data-tei="app" data-type="{@type}">
      <xsl:attribute name="id"><xsl:call-template name="entry-id"/></xsl:attribute>
      <a class="entry-n" href="#{$marker-prefix}{@r:n}">
        <xsl:value-of select="@r:n"/>
      </a>
      <xsl:text> </xsl:text>
      <!-- An entry beside the text (TEI from elsewhere): where the text it comments is. -->
      <xsl:if test="@loc">
        <span class="entry-loc" title="Where in the text (@loc)"><xsl:value-of select="@loc"/></span>
        <xsl:text>: </xsl:text>
      </xsl:if>
      <span class="readings">
        <xsl:attribute name="lang"><xsl:call-template name="inherited-lang"/></xsl:attribute>
        <xsl:if test="$lem">
          <xsl:apply-templates select="$lem" mode="reading"/>
          <xsl:text>] </xsl:text>
        </xsl:if>
        <xsl:for-each select="tei:rdg | tei:rdgGrp/tei:rdg | (tei:lem | tei:rdgGrp/tei:lem)[position() &gt; 1]">
          <xsl:if test="position() &gt; 1">; </xsl:if>
          <xsl:apply-templates select="." mode="reading"/>
        </xsl:for-each>
      </span>
      <xsl:text> </xsl:text>
      <span class="entry-type"><xsl:value-of select="@type"/></span>
      <!-- One place of a transposition: the other place, which @corresp points to. -->
      <xsl:if test="starts-with(@corresp, '#')">
        <xsl:text> </xsl:text>
        <a class="entry-moved" href="#{$id-prefix}{substring-after(@corresp, '#')}"
           title="The moved words stand at the other place too">moved: see <xsl:value-of select="substring-after(@corresp, '#')"/></a>
      </xsl:if>
      <xsl:if test="@xml:id">
        <xsl:text> </xsl:text>
        <a class="entry-ref" href="#{$id-prefix}{@xml:id}">
          <xsl:value-of select="@xml:id"/>
        </a>
      </xsl:if>
      <xsl:apply-templates select="tei:note | tei:witDetail" mode="entry"/>
    </li>
  </xsl:template>

  <!-- What the apparatus says of witnesses beside their readings (lacunose, ambiguous). -->
  <xsl:template match="tei:witDetail" mode="entry">
    <xsl:text> </xsl:text>
    <span class="wit-detail" data-tei="witDetail" lang="en">
      <xsl:call-template name="data-type"/>
      <xsl:value-of select="normalize-space(concat(@type, ' ', .))"/>
      <xsl:text> </xsl:text>
      <span class="wit"><xsl:value-of select="@r:sigla"/></span>
    </span>
  </xsl:template>

  <xsl:template match="tei:lem | tei:rdg" mode="reading">
    <xsl:variable name="sigla" select="normalize-space(translate(@wit, '#', ' '))"/>
    <span class="reading" data-tei="{local-name()}" data-wit="{$sigla}" translate="no">
      <xsl:choose>
        <xsl:when test="not(node())">
          <i class="om" lang="la">om.</i>
        </xsl:when>
        <xsl:when test="not(*) and normalize-space(.) = ''">
          <span class="space" title="white space">␣</span>
        </xsl:when>
        <xsl:otherwise>
          <xsl:apply-templates mode="reading"/>
        </xsl:otherwise>
      </xsl:choose>
      <!-- A reading that only starts or ends a witness names it in its marker ("B ends"). -->
      <xsl:if test="not(*)
                    or not(.//*[self::tei:witStart or self::tei:witEnd or self::tei:lacunaStart or self::tei:lacunaEnd])
                    or .//text()[normalize-space()][not(ancestor::tei:note)]">
        <xsl:text> </xsl:text>
        <span class="wit">
          <xsl:choose>
            <xsl:when test="$sigla != ''">
              <xsl:value-of select="@r:sigla"/>
            </xsl:when>
            <!-- A conjecture: no witness has it, its source (an editor) says whose it is. -->
            <xsl:otherwise><xsl:value-of select="normalize-space(translate(@source, '#', ' '))"/></xsl:otherwise>
          </xsl:choose>
        </span>
      </xsl:if>
      <xsl:if test="self::tei:rdg and @type">
        <xsl:text> </xsl:text>
        <span class="rdg-type" lang="en" title="How this reading differs from the lemma">
          <xsl:value-of select="@type"/>
        </span>
      </xsl:if>
      <xsl:if test="@cause = 'error' or (self::tei:lem and @resp)">
        <xsl:call-template name="decision"/>
      </xsl:if>
    </span>
  </xsl:template>

  <!-- What an editor decided about a reading: chose it as the lemma, or judged it an error. -->
  <xsl:template name="decision">
    <xsl:variable name="who" select="normalize-space(key('resp', normalize-space(@resp))[1]/tei:name[1])"/>
    <xsl:variable name="by">
      <xsl:if test="$who != ''"><xsl:value-of select="concat(' by ', $who)"/></xsl:if>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="@cause = 'error'">
        <xsl:text> </xsl:text>
        <span class="decision" data-tei="{local-name()}" data-cause="error" lang="en"
              title="Judged an error of its witness{substring('es', 1, 2 * contains(@wit, ' '))}{$by}">error</span>
      </xsl:when>
      <xsl:when test="self::tei:lem and @resp">
        <xsl:text> </xsl:text>
        <span class="decision" data-tei="lem" data-resp="editor" lang="en"
              title="Chosen as the lemma{$by}">editor's lemma</span>
      </xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- An editor's note on an entry, with who wrote it. -->
  <xsl:template match="tei:note" mode="entry">
    <xsl:variable name="who" select="normalize-space(key('resp', normalize-space(@resp))[1]/tei:name[1])"/>
    <xsl:text> </xsl:text>
    <span class="entry-note" data-tei="note">
      <xsl:call-template name="data-type"/>
      <xsl:apply-templates mode="inline"/>
      <xsl:if test="$who != ''">
        <xsl:text> </xsl:text>
        <span class="note-resp">(<xsl:value-of select="$who"/>)</span>
      </xsl:if>
    </span>
  </xsl:template>

  <xsl:template match="tei:note" mode="reading">
    <span class="reading-note" data-tei="note">
      <xsl:call-template name="data-type"/>
      <xsl:apply-templates mode="inline"/>
    </span>
  </xsl:template>

  <xsl:template match="tei:milestone[@unit = 'block']" mode="reading">
    <span class="reading-break" data-tei="milestone" title="A new block begins: lines {@n}">¶</span>
  </xsl:template>

  <xsl:template match="tei:witStart" mode="reading">
    <xsl:call-template name="span-mark"><xsl:with-param name="what" select="'starts'"/></xsl:call-template>
  </xsl:template>
  <xsl:template match="tei:witEnd" mode="reading">
    <xsl:call-template name="span-mark"><xsl:with-param name="what" select="'ends'"/></xsl:call-template>
  </xsl:template>
  <xsl:template match="tei:lacunaStart" mode="reading">
    <xsl:call-template name="span-mark"><xsl:with-param name="what" select="'lacuna begins'"/></xsl:call-template>
  </xsl:template>
  <xsl:template match="tei:lacunaEnd" mode="reading">
    <xsl:call-template name="span-mark"><xsl:with-param name="what" select="'lacuna ends'"/></xsl:call-template>
  </xsl:template>

  <xsl:template name="span-mark">
    <xsl:param name="what"/>
    <xsl:variable name="sigla">
      <xsl:call-template name="sigla">
        <xsl:with-param name="pointers" select="ancestor::*[self::tei:lem or self::tei:rdg][1]/@wit"/>
      </xsl:call-template>
    </xsl:variable>
    <span class="span-mark" data-tei="{local-name()}" lang="en">
      <span class="wit"><xsl:value-of select="$sigla"/></span>
      <xsl:value-of select="concat(' ', $what)"/>
    </span>
  </xsl:template>

  <!-- An entry inside a reading shows that reading's base text. -->
  <xsl:template match="tei:app" mode="reading">
    <xsl:variable name="lem" select="(tei:lem | tei:rdgGrp/tei:lem)[1]"/>
    <xsl:choose>
      <xsl:when test="$lem">
        <xsl:apply-templates select="$lem/node()" mode="reading"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:apply-templates select="(tei:rdg | tei:rdgGrp/tei:rdg)[1]/node()" mode="reading"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:gap" mode="reading">
    <span class="gap" data-tei="gap" title="Text lost">[…]</span>
  </xsl:template>

  <xsl:template match="tei:milestone | tei:pb | tei:lb | tei:cb | tei:anchor" mode="reading"/>

</xsl:stylesheet>
