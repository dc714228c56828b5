<?xml version="1.0" encoding="UTF-8"?>
<!--
  The witnesses of a work side by side: one row per row of the edition, one
  column per witness.

  Input: what edition.render.parallel made from the apparatus (each
  witness's part of a row needs a state per witness along the whole text, so
  it is a Python walk): a TEI <body> holding a <listWit> of the columns
  (<witness n="siglum" r:slug="page">label</witness>; r:slug is empty for a
  witness without a page), then a <div> per
  division (r:section, r:anchor) of rows. A row is an <ab> with r:tei (the
  TEI element it stands for), r:number (its place among the rows), @type, @n
  (its xml:id) and r:anchor (its id, the reading page's); in it a <seg wit="siglum"> per witness, r:absent
  saying why it has nothing there. Inside a <seg>: the witness's text, its
  <note>s, <gap/>s and span markers, and each of its readings as a <lem> or
  <rdg> with the entry's class (@type), anchor on the reading page
  (r:entry), which reading it is (r:reading) and what to call it (r:title);
  <r:om/> and <r:runon/> stand for an empty reading. Output: one
  <table class="parallel">. The mapping:

    body          table.parallel (+ thead of the witnesses)
    div           tbody
    ab (a row)    tr, with a th of its reference
    seg           td of one witness (td.absent: a gap)
    lem, rdg      mark.diff with a link to the entry on the reading page
    r:om, r:runon i.om / i.runon
    milestone     ¶ (a block of the witness begins inside a reading)
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:r="urn:x-edition:render"
    exclude-result-prefixes="tei r">

  <xsl:include href="common.xsl"/>

  <xsl:output method="html" encoding="UTF-8" indent="no"/>

  <!-- ".html" or ".zh-Hant.html": the script of the pages linked to. -->
  <xsl:param name="page-suffix" select="'.html'"/>
  <!-- The language of readings kept in the witness's own script on every page. -->
  <xsl:param name="source-lang" select="$text-lang"/>
  <!-- More witnesses than this are stacked row by row until a reader chooses. -->
  <xsl:param name="max-columns" select="'5'"/>

  <xsl:variable name="reading-page" select="concat('index', $page-suffix)"/>
  <xsl:key name="witness" match="tei:listWit/tei:witness" use="@n"/>

  <xsl:template match="/tei:body">
    <xsl:variable name="count" select="count(tei:listWit/tei:witness)"/>
    <table class="parallel" data-tei="body" data-max-columns="{$max-columns}">
      <xsl:attribute name="data-layout">
        <xsl:choose>
          <xsl:when test="$count &gt; number($max-columns)">stacked</xsl:when>
          <xsl:otherwise>columns</xsl:otherwise>
        </xsl:choose>
      </xsl:attribute>
      <caption class="visually-hidden" lang="en">The witnesses side by side, row by row of the edition</caption>
      <thead lang="en">
        <tr>
          <th scope="col" class="ref">Row</th>
          <xsl:for-each select="tei:listWit/tei:witness">
            <th scope="col" data-wit="{@n}">
              <xsl:choose>
                <xsl:when test="@r:slug != ''">
                  <a class="siglum" href="witness/{@r:slug}{$page-suffix}"
                     title="Witness {.} as it reads"><xsl:value-of select="."/></a>
                </xsl:when>
                <xsl:otherwise>
                  <span class="siglum"><xsl:value-of select="."/></span>
                </xsl:otherwise>
              </xsl:choose>
            </th>
          </xsl:for-each>
        </tr>
      </thead>
      <xsl:apply-templates select="tei:div"/>
    </table>
  </xsl:template>

  <xsl:template match="tei:div">
    <tbody data-tei="div">
      <xsl:if test="@r:anchor">
        <xsl:attribute name="id"><xsl:value-of select="@r:anchor"/></xsl:attribute>
      </xsl:if>
      <xsl:apply-templates select="tei:ab"/>
    </tbody>
  </xsl:template>

  <xsl:template match="tei:ab">
    <tr class="prow" data-tei="{@r:tei}">
      <xsl:if test="@r:anchor">
        <xsl:attribute name="id"><xsl:value-of select="@r:anchor"/></xsl:attribute>
      </xsl:if>
      <xsl:call-template name="data-type"/>
      <th scope="row" class="ref" lang="en">
        <xsl:choose>
          <xsl:when test="@r:anchor">
            <a class="pilcrow" href="#{@r:anchor}" aria-label="Link to {@n} in this view">¶</a>
            <a class="xref" href="{$reading-page}#{@r:anchor}" title="{@n} in the reading text">
              <xsl:value-of select="@n"/>
            </a>
          </xsl:when>
          <xsl:when test="@r:tei = 'gap'">[…]</xsl:when>
          <xsl:otherwise><xsl:value-of select="@r:number"/></xsl:otherwise>
        </xsl:choose>
      </th>
      <xsl:apply-templates select="tei:seg"/>
    </tr>
  </xsl:template>

  <xsl:template match="tei:seg">
    <xsl:variable name="label" select="key('witness', @wit)"/>
    <td data-wit="{@wit}" lang="{$text-lang}">
      <xsl:if test="@r:absent">
        <xsl:attribute name="class">absent</xsl:attribute>
        <xsl:attribute name="data-absent"><xsl:value-of select="@r:absent"/></xsl:attribute>
      </xsl:if>
      <span class="cell-wit siglum" lang="en"><xsl:value-of select="$label"/></span>
      <xsl:choose>
        <xsl:when test="@r:absent = 'later'">
          <span class="absent-label" lang="en">not yet begun in <xsl:value-of select="$label"/></span>
        </xsl:when>
        <xsl:when test="@r:absent = 'ended'">
          <span class="absent-label" lang="en">ended in <xsl:value-of select="$label"/></span>
        </xsl:when>
        <xsl:when test="@r:absent = 'lacuna'">
          <span class="absent-label" lang="en">lacuna in <xsl:value-of select="$label"/></span>
        </xsl:when>
        <xsl:when test="@r:absent">
          <span class="absent-label" lang="en">not in <xsl:value-of select="$label"/></span>
        </xsl:when>
      </xsl:choose>
      <xsl:apply-templates/>
    </td>
  </xsl:template>

  <!-- A reading of the witness where the witnesses part: marked, and linked to its entry. -->
  <xsl:template match="tei:seg/tei:lem | tei:seg/tei:rdg">
    <mark class="diff" data-tei="{local-name()}" data-entry="{@r:entry}" data-reading="{@r:reading}">
      <xsl:call-template name="data-type"/>
      <xsl:if test="@type = 'orthographic'">
        <xsl:attribute name="lang"><xsl:value-of select="$source-lang"/></xsl:attribute>
        <xsl:attribute name="translate">no</xsl:attribute>
      </xsl:if>
      <a href="{$reading-page}#{@r:entry}" title="{@r:title}">
        <xsl:apply-templates/>
      </a>
    </mark>
  </xsl:template>

  <xsl:template match="r:om">
    <i class="om" lang="la">om.</i>
  </xsl:template>
  <xsl:template match="r:runon">
    <i class="runon" lang="en">runs on</i>
  </xsl:template>
  <xsl:template match="tei:milestone[@unit = 'block']" priority="1">
    <span class="block-start" lang="en" title="A block of this witness begins here">¶</span>
  </xsl:template>

  <xsl:template match="tei:witStart" priority="1">
    <span class="ed-mark" lang="en">[starts]</span>
  </xsl:template>
  <xsl:template match="tei:witEnd" priority="1">
    <span class="ed-mark" lang="en">[ends]</span>
  </xsl:template>
  <xsl:template match="tei:lacunaStart" priority="1">
    <span class="ed-mark" lang="en">[lacuna begins]</span>
  </xsl:template>
  <xsl:template match="tei:lacunaEnd" priority="1">
    <span class="ed-mark" lang="en">[lacuna ends]</span>
  </xsl:template>

</xsl:stylesheet>
